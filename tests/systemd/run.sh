#!/bin/bash
# The service under a real systemd, as an operator installs it. Two parts:
#
# 1. ../shared/tools/systemd-harness.sh on the build tree: cmake --install into
#    a container booted with systemd 252, then start, reload, restart,
#    watchdog, producer/consumer permissions, live security rating, stop.
# 2. The .deb from `make package` installed with `apt install ./pith_*.deb` in
#    a second, fresh container (same base rootfs): the maintainer scripts must
#    create the account and folders and enable and start the service; then the
#    permission model (README "Running as a service") on first start, restart
#    and after a reboot of the container; then the checks the harness has not:
#    SIGHUP with a bad configuration keeps the service up, a metrics file
#    under ProtectSystem=strict (refused outside /var/lib/pith, written with a
#    ReadWritePaths= drop-in), a bad configuration at restart stays failed
#    (no restart loop), a .url file fetched from an HTTP server on the
#    container's loopback, delivery to redis-server over its unix socket
#    (where the build has [redis]); finally apt purge.
#
# Usage: run.sh BUILD_DIR (built, with pith_*.deb from `make package`). Needs
# root and a working systemd-nspawn; .ci/run decides whether to call it.
# SD_BASE is the harness's base rootfs (shared); PITH_SD_KEEP=1 keeps our
# container's rootfs ($PITH_SD_RUN, default /var/tmp/pith-sdtest) afterwards.
# Prints PASS/FAIL/INFO lines and "N passed, N failed"; exit 1 on any FAIL.
set -u
export LC_ALL=C

BUILD=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd) || exit 2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SHARED:-$SRC/../shared}
HARNESS=$SHARED/tools/systemd-harness.sh
BASE=${SD_BASE:-/var/tmp/sd-base}
RUN=${PITH_SD_RUN:-/var/tmp/pith-sdtest}   # our containers' rootfs copies
MACHINE=pithpkg
CG=pith-sdtest                             # host cgroup of our nspawn
LOG=$(mktemp -d /tmp/pith-sdtest.XXXXXX)
NSPAWN_PID=
LEADER=
HTTP_PID=
NPASS=0
NFAIL=0
T0=$(date +%s)

say() { printf '%s\n' "$*"; }
pass() { say "PASS $*"; NPASS=$((NPASS + 1)); }
fail() { say "FAIL $*"; NFAIL=$((NFAIL + 1)); }
info() { say "INFO $*"; }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }
not() { ! "$@"; }
elapsed() { echo $(( $(date +%s) - T0 )); }

# ---- part 1: the shared harness on the build tree ---------------------------
[ -x "$HARNESS" ] || [ -f "$HARNESS" ] || { echo "no harness at $HARNESS" >&2; exit 2; }
say "== systemd-harness.sh $BUILD"
env -u SD_KEEP SD_RUN="$RUN-harness" bash "$HARNESS" "$BUILD" > "$LOG/harness.log" 2>&1
hrc=$?
grep -E '^(PASS|FAIL|INFO|----)' "$LOG/harness.log"
hpass=$(grep -c '^PASS' "$LOG/harness.log")
hfail=$(grep -c '^FAIL' "$LOG/harness.log")
rm -rf "$RUN-harness"
if [ "$hrc" -ne 0 ] && [ "$hfail" -eq 0 ]; then
    tail -20 "$LOG/harness.log"
    fail "harness: exit $hrc without a FAIL line (it could not run)"
fi
NPASS=$((NPASS + hpass))
NFAIL=$((NFAIL + hfail))
info "harness: $hpass passed, $hfail failed, exit $hrc, $(elapsed) s so far"
[ -f "$BASE/.pith-harness-ok" ] || { fail "harness left no base rootfs at $BASE"; exit 1; }

# ---- part 2: our own container with the .deb ---------------------------------
cg_dirs() {
    local d found=
    for d in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified; do
        [ -d "$d" ] && { echo "$d/$CG"; found=1; }
    done
    [ -n "$found" ] || echo "/sys/fs/cgroup/$CG"   # cgroup2 only
}
cg_cleanup() {
    local d
    for d in $(cg_dirs); do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null; done
    return 0
}
in_ct() { nsenter -t "$LEADER" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# Boots $RUN with systemd as PID 1 (no host systemd or D-Bus needed: no
# registration, our own cgroup) and waits until the system is running.
boot() {
    cg_cleanup
    (
        for d in $(cg_dirs); do mkdir -p "$d" && echo $BASHPID > "$d/cgroup.procs"; done
        exec systemd-nspawn -b -D "$RUN" --machine=$MACHINE --register=no --keep-unit \
            --console=pipe </dev/null >>"$LOG/nspawn.log" 2>&1
    ) &
    NSPAWN_PID=$!
    LEADER=
    local i
    for i in $(seq 1 300); do
        LEADER=$(pgrep -P "$NSPAWN_PID" -x systemd | head -1)
        [ -n "$LEADER" ] && [ -S "/proc/$LEADER/root/run/systemd/private" ] && break
        kill -0 "$NSPAWN_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$LEADER" ] || { fail "$1: container did not boot"; tail -20 "$LOG/nspawn.log"; return 1; }
    local st
    st=$(in_ct timeout 90 systemctl is-system-running --wait 2>&1)
    check "$1: container booted, system $st" test "$st" = running
}
ct_poweroff() {
    [ -n "$NSPAWN_PID" ] || return 0
    kill -TERM "$NSPAWN_PID" 2>/dev/null   # nspawn turns it into a clean poweroff
    local i
    for i in $(seq 1 300); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$NSPAWN_PID" 2>/dev/null; then
        fail "poweroff: container still up after 30 s, killed"
        kill -KILL "$NSPAWN_PID"
    fi
    wait "$NSPAWN_PID" 2>/dev/null
    NSPAWN_PID=
    rm -rf "/run/systemd/nspawn/propagate/$MACHINE"
    cg_cleanup
}
cleanup() {
    [ -n "$HTTP_PID" ] && kill "$HTTP_PID" 2>/dev/null
    ct_poweroff
    [ "${PITH_SD_KEEP:-0}" = 1 ] || rm -rf "$RUN"   # keep the rootfs to look at
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prop() { in_ct systemctl show -P "$1" pith; }
mode() { in_ct stat -c '%a %U:%G' "$1"; }
spool_count() { in_ct sh -c 'ls /var/lib/pith/spool/new | wc -l'; }
wait_for() {   # $1 seconds, then a command that must succeed
    local n=$(($1 * 10)) i
    shift
    for i in $(seq 1 "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    return 1
}
more_than() { [ "$(spool_count)" -gt "$1" ]; }
is_active() { [ "$(prop ActiveState)" = active ]; }
as_user() { local u=$1; shift; in_ct setpriv --reuid="$u" --regid=nogroup --init-groups --inh-caps=-all "$@"; }
article() {
    printf 'Ferry Timetable Extended For The Summer Season %s\n\n' "$1"
    printf 'By Ann Writer\n\n'
    local i
    for i in 1 2 3 4 5; do
        printf 'The island council agreed on Tuesday to extend the ferry timetable for the summer, adding crossings in the early morning and late evening so that workers and visitors can travel without waiting for hours at the pier (%s, paragraph %s).\n\n' "$1" "$i"
    done
}
# The permission model of the README, as `stat` prints it.
EXPECTED="/var/lib/pith=750 /var/lib/pith/drop=2770 /var/lib/pith/spool=750
/var/lib/pith/spool/new=770 /var/lib/pith/spool/tmp=700 /var/lib/pith/state=700"
check_modes() {   # $1 = label
    local e p want got bad=
    for e in $EXPECTED; do
        p=${e%=*}; want=${e#*=}
        got=$(mode "$p")
        [ "$got" = "$want pith:pith" ] || bad="$bad $p=$got"
    done
    if [ -z "$bad" ]; then pass "$1: folder modes as documented (drop 2770, spool/new 770, state 700, ...)"
    else fail "$1: folder modes differ:$bad"; fi
}
producer_consumer() {   # $1 = label, $2 = unique word
    local before f err
    before=$(spool_count)
    article "$2" > "$LOG/$2.txt"
    if err=$(as_user producer sh -c "cat > /var/lib/pith/drop/.$2.tmp && mv /var/lib/pith/drop/.$2.tmp /var/lib/pith/drop/$2.txt" 2>&1 <"$LOG/$2.txt"); then
        pass "$1: producer (group pith) drops a file"
    else
        fail "$1: producer cannot drop: $err"; return
    fi
    check "$1: delivered into spool/new" wait_for 20 more_than "$before"
    f=$(in_ct sh -c "grep -l '$2' /var/lib/pith/spool/new/* | head -1")
    [ -n "$f" ] || { fail "$1: no document with '$2' in spool/new"; return; }
    check "$1: document is 640 pith:pith" test "$(mode "$f")" = "640 pith:pith"
    if err=$(as_user consumer sh -c "cat $f >/dev/null && rm $f" 2>&1); then
        pass "$1: consumer (group pith) reads and removes the document"
    else
        fail "$1: consumer cannot take the document: $err"
    fi
    check "$1: an outsider cannot list the spool" not_as_outsider ls /var/lib/pith/spool/new
    check "$1: consumer cannot read the state" not_as_consumer ls /var/lib/pith/state
}
not_as_outsider() { ! as_user outsider "$@"; }
not_as_consumer() { ! as_user consumer "$@"; }
journal_since() { in_ct journalctl -u pith --no-pager -o cat --since "@$1"; }

DEB=$(ls "$BUILD"/pith_*.deb 2>/dev/null | tail -1)
[ -n "$DEB" ] || { fail "no $BUILD/pith_*.deb: run make package first"; exit 1; }
say "== $(basename "$DEB") in a fresh container ($(elapsed) s so far)"
rm -rf "$RUN" && cp -a "$BASE" "$RUN" || exit 2
cp "$DEB" "$RUN/root/" || exit 2
boot "deb" || exit 1

if in_ct sh -c "cd /root && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./$(basename "$DEB")" \
        > "$LOG/apt-install.log" 2>&1; then
    pass "apt install ./$(basename "$DEB")"
else
    fail "apt install ./$(basename "$DEB")"; sed 's/^/    /' "$LOG/apt-install.log" | tail -20; exit 1
fi
check "deb: user and group pith created by postinst" in_ct getent passwd pith
check "deb: /etc/pith/pith.conf installed and a conffile" \
    in_ct sh -c 'dpkg-query -W -f="\${Conffiles}" pith | grep -q "/etc/pith/pith.conf"'
check "deb: service enabled by postinst" test "$(in_ct systemctl is-enabled pith)" = enabled
check "deb: service started by postinst (active/running)" \
    test "$(prop ActiveState)/$(prop SubState)" = active/running
for u in producer consumer; do in_ct useradd -M -N -g nogroup -G pith -s /usr/sbin/nologin $u; done
in_ct useradd -M -N -g nogroup -s /usr/sbin/nologin outsider
check_modes "after install"
producer_consumer "after install" first

in_ct timeout 90 systemctl restart pith
check "restart: active" test "$(prop ActiveState)" = active
check_modes "after restart"
producer_consumer "after restart" second

# A reboot: tmpfiles at boot, then the enabled service.
say "== reboot ($(elapsed) s so far)"
ct_poweroff
boot "reboot" || exit 1
check "reboot: service came up (enabled)" wait_for 30 is_active
check_modes "after reboot"
producer_consumer "after reboot" third

# SIGHUP with a bad configuration: reported, the old one kept, same process.
say "== reload with a bad configuration"
cp "$RUN/etc/pith/pith.conf" "$LOG/pith.conf.good"
pid=$(prop MainPID)
t=$(in_ct date +%s)
sed -i 's/^workers = .*/workers = many/' "$RUN/etc/pith/pith.conf"
in_ct timeout 60 systemctl reload pith
sleep 2
check "bad reload: same MainPID $pid, still active" \
    test "$(prop MainPID)/$(prop ActiveState)" = "$pid/active"
journal_since "$t" > "$LOG/bad-reload.txt"
check "bad reload: the journal names the bad line" grep -q "workers" "$LOG/bad-reload.txt"
sed 's/^/    /' "$LOG/bad-reload.txt" | tail -5
producer_consumer "after bad reload" fourth
# A restart with the bad configuration: refused with exit 78, which
# RestartPreventExitStatus= lists, so no restart every RestartSec= forever.
check "bad restart: start refused" not in_ct timeout 90 systemctl restart pith
sleep 5
check "bad restart: unit failed with status 78, not restarting (NRestarts=$(prop NRestarts))" \
    test "$(prop ActiveState)/$(prop ExecMainStatus)/$(prop NRestarts)" = failed/78/0
cp "$LOG/pith.conf.good" "$RUN/etc/pith/pith.conf"
in_ct timeout 90 systemctl restart pith
check "good restart: active" is_active

# Metrics: ProtectSystem=strict leaves only /var/lib/pith writable, so a
# file in node_exporter's textfile folder needs the README's drop-in.
say "== metrics under ProtectSystem=strict"
TEXTFILE=/var/lib/prometheus/node-exporter
in_ct mkdir -p $TEXTFILE
in_ct chgrp pith $TEXTFILE
in_ct chmod 2775 $TEXTFILE
sed -i -e "/^\[metrics\]/,/^\[/s|^file =.*|file = $TEXTFILE/pith.prom|" \
    -e "/^\[metrics\]/,/^\[/s|^interval =.*|interval = 1s|" "$RUN/etc/pith/pith.conf"
grep -A6 '^\[metrics\]' "$RUN/etc/pith/pith.conf" | grep -v '^#' | sed 's/^/    /'
t=$(in_ct date +%s)
# The daemon checks the folder at start, inside the sandbox.
check "metrics without drop-in: start refused" not in_ct timeout 90 systemctl restart pith
sleep 3
check "metrics without drop-in: failed with 78, not restarting" \
    test "$(prop ActiveState)/$(prop ExecMainStatus)" = failed/78
check "metrics without drop-in: nothing written outside /var/lib/pith" \
    not in_ct test -e $TEXTFILE/pith.prom
journal_since "$t" > "$LOG/metrics.txt"
check "metrics without drop-in: the journal says why (not writable: read-only)" \
    grep -q 'not writable: Read-only file system' "$LOG/metrics.txt"
grep -m1 'metrics' "$LOG/metrics.txt" | sed 's/^/    /'
in_ct mkdir -p /etc/systemd/system/pith.service.d
printf '[Service]\nReadWritePaths=%s\n' $TEXTFILE > "$RUN/etc/systemd/system/pith.service.d/metrics.conf"
in_ct systemctl daemon-reload
in_ct timeout 90 systemctl restart pith
check "metrics with ReadWritePaths= drop-in: file written" wait_for 10 in_ct test -s $TEXTFILE/pith.prom
check "metrics: file holds pith_ figures" in_ct grep -q '^pith_' $TEXTFILE/pith.prom
info "metrics file: $(in_ct stat -c '%a %U:%G %s bytes' $TEXTFILE/pith.prom 2>&1)"
check "metrics: ProtectSystem is still strict" test "$(prop ProtectSystem)" = strict
in_ct systemd-analyze security pith --no-pager > "$LOG/security.txt" 2>&1
sc=$(grep -o 'Overall exposure level for pith.service: [0-9.]*' "$LOG/security.txt")
info "systemd-analyze security with the drop-in: ${sc##*: }"
check "security with the drop-in: exposure <= 2.0" awk -v s="${sc##*: }" 'BEGIN{exit !(s != "" && s+0 <= 2.0)}'

# A .url file: fetched from an HTTP server on loopback (the container shares
# the host's network namespace), cleaned and delivered.
say "== .url fetch"
mkdir -p "$LOG/www"
{
    printf '<!doctype html><html><head><title>Ferry Timetable Extended</title></head><body><article><h1>Ferry Timetable Extended</h1>\n'
    article fetched | sed -n '3,$p' | sed -e '/^$/d' -e 's/^/<p>/' -e 's/$/<\/p>/'
    printf '</article></body></html>\n'
} > "$LOG/www/story.html"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$LOG/www" "$port" > "$LOG/http.log" 2>&1 &
HTTP_PID=$!
wait_for 10 python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/story.html')"
drop_url() {   # $1 = name
    as_user producer sh -c "echo http://127.0.0.1:$port/story.html > /var/lib/pith/drop/.$1.tmp && mv /var/lib/pith/drop/.$1.tmp /var/lib/pith/drop/$1.url"
}
# Where the build refuses private and loopback addresses by default (SSRF,
# `allow_private`), check the refusal, then open them deliberately.
if grep -q '^allow_private *=' "$RUN/etc/pith/pith.conf"; then
    drop_url refused
    check ".url: loopback refused by default (.failed/refused.url.error)" \
        wait_for 20 in_ct grep -q 'refused' /var/lib/pith/drop/.failed/refused.url.error
    in_ct sh -c 'cat /var/lib/pith/drop/.failed/refused.url.error' 2>&1 | head -3 | sed 's/^/    /'
    sed -i 's/^allow_private *=.*/allow_private = yes/' "$RUN/etc/pith/pith.conf"
fi
info "config: $(grep '^allow_private' "$RUN/etc/pith/pith.conf" || echo 'no allow_private in this build')"
in_ct timeout 60 systemctl reload pith
sleep 1
before=$(spool_count)
drop_url story
check ".url: fetched page delivered into spool/new" wait_for 30 more_than "$before"
check ".url: the server saw the request" grep -q 'GET /story.html' "$LOG/http.log"
check ".url: document holds the page's text" \
    in_ct sh -c "grep -l 'fetched, paragraph 5' /var/lib/pith/spool/new/* | xargs grep -q 'Ferry Timetable Extended'"
kill "$HTTP_PID" 2>/dev/null; HTTP_PID=

# Redis over its unix socket: Debian's redis-server (installed in the
# container from the mirror), listening on no TCP port, its socket 0770 group
# redis; the user pith joins group redis; documents go to both places.
say "== Redis over a unix socket ($(elapsed) s so far)"
SOCK=/run/redis/redis-server.sock
if ! grep -q '^\[redis\]' "$RUN/etc/pith/pith.conf"; then
    info "no [redis] in this build: not checked"
elif ! in_ct sh -c 'apt-get -o DPkg::Lock::Timeout=300 update -q && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends redis-server' \
        > "$LOG/apt-redis.log" 2>&1; then
    fail "redis: apt install redis-server in the container"; tail -5 "$LOG/apt-redis.log"
else
    sed -i -e 's/^port .*/port 0/' -e 's|^# *unixsocket .*|unixsocket '$SOCK'|' \
        -e 's/^# *unixsocketperm .*/unixsocketperm 770/' "$RUN/etc/redis/redis.conf"
    in_ct timeout 60 systemctl restart redis-server
    check "redis: redis-server answers on $SOCK" wait_for 10 in_ct redis-cli -s $SOCK ping
    in_ct usermod -aG redis pith
    sed -i -e 's/^deliver = .*/deliver = both/' \
        -e "/^\[redis\]/,/^\[/s|^url = .*|url = unix://$SOCK|" \
        -e "/^\[redis\]/,/^\[/s|^output_stream =.*|output_stream = pith:docs|" "$RUN/etc/pith/pith.conf"
    check "redis: pith restarts with deliver = both" in_ct timeout 90 systemctl restart pith
    before=$(spool_count)
    article redis > "$LOG/redis.txt"
    as_user producer sh -c "cat > /var/lib/pith/drop/.redis.tmp && mv /var/lib/pith/drop/.redis.tmp /var/lib/pith/drop/redis.txt" < "$LOG/redis.txt"
    check "redis: document in spool/new" wait_for 20 more_than "$before"
    check "redis: document in the stream pith:docs" \
        wait_for 20 sh -c "[ \"\$(nsenter -t $LEADER -a redis-cli -s $SOCK xlen pith:docs)\" -ge 1 ]"
    in_ct redis-cli -s $SOCK xrange pith:docs - + count 1 > "$LOG/redis-entry.txt" 2>&1
    check "redis: the entry holds the document" grep -q 'redis, paragraph 5' "$LOG/redis-entry.txt"
    in_ct journalctl -u pith --no-pager -o cat -n 5 | sed 's/^/    /'
fi

# Removal: the service stops, the conffile goes with purge.
say "== apt purge"
if in_ct sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q pith' > "$LOG/apt-purge.log" 2>&1; then
    pass "apt purge pith"
else
    fail "apt purge pith"; sed 's/^/    /' "$LOG/apt-purge.log" | tail -10
fi
check "purge: service gone" not in_ct systemctl is-active pith
check "purge: binary and conffile removed" not in_ct test -e /usr/bin/pith -o -e /etc/pith/pith.conf
check "purge: delivered documents kept" in_ct test -d /var/lib/pith/spool/new

in_ct journalctl -u pith --no-pager -o short-monotonic > "$LOG/journal.txt" 2>&1
check "journal: no watchdog timeout" not grep -qi 'watchdog timeout' "$LOG/journal.txt"
ct_poweroff

say "---- systemd tests: $(elapsed) s, logs in $LOG ----"
say "systemd: $NPASS passed, $NFAIL failed"
[ "$NFAIL" -eq 0 ]
