"""What an install puts where. `make install` (cmake --install) never writes
over a file in /etc/pith: pith.conf is created only when missing, local
profiles in sites.d/ are left alone, the built-in profiles (compiled in) go
to /usr/share/pith/sites.d. `make package` (CPack) builds a .deb with the
binary, the unit, the sysusers and tmpfiles snippets, the example
configuration, /etc/pith/pith.conf as a conffile, maintainer scripts that run
sysusers and tmpfiles, and library dependencies. tests/systemd/run.sh
installs that .deb in a container booted with systemd."""
import os
import shutil
import subprocess
import tempfile

SRC = os.environ.get("PITH_SOURCE_DIR", ".")
BUILD = os.environ["PITH_BUILD_DIR"]


def install(destdir):
    env = dict(os.environ, DESTDIR=destdir)
    r = subprocess.run(["cmake", "--install", BUILD, "--prefix", "/usr"], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r


def check_install(root):
    dest = os.path.join(root, "dest")
    install(dest)
    etc = os.path.join(dest, "etc", "pith")
    share = os.path.join(dest, "usr", "share", "pith", "sites.d")
    builtin = sorted(f for f in os.listdir(os.path.join(SRC, "config", "sites.d"))
                     if f.endswith(".conf"))
    assert builtin, "no built-in profiles in config/sites.d"
    assert sorted(os.listdir(share)) == builtin, os.listdir(share)
    assert os.listdir(os.path.join(etc, "sites.d")) == [], os.listdir(os.path.join(etc, "sites.d"))
    assert sorted(os.listdir(etc)) == ["pith.conf", "sites.d"], os.listdir(etc)
    example = open(os.path.join(SRC, "config", "pith.conf.example")).read()
    assert open(os.path.join(etc, "pith.conf")).read() == example
    assert os.path.isfile(os.path.join(dest, "usr", "share", "doc", "pith", "pith.conf.example"))
    for rel in ("usr/bin/pith", "usr/libexec/pith/pith-service",
                "usr/lib/systemd/system/pith.service",
                "usr/lib/sysusers.d/pith.conf", "usr/lib/tmpfiles.d/pith.conf"):
        assert os.path.isfile(os.path.join(dest, rel)), rel

    # The operator edits pith.conf and adds a profile named like a built-in
    # one; a second install (an upgrade by hand) keeps both as they are.
    mine = "# edited by the operator\n[daemon]\nworkers = 3\n"
    with open(os.path.join(etc, "pith.conf"), "w") as f:
        f.write(mine)
    local = os.path.join(etc, "sites.d", builtin[0])
    with open(local, "w") as f:
        f.write("# local copy\n")
    install(dest)
    assert open(os.path.join(etc, "pith.conf")).read() == mine
    assert open(local).read() == "# local copy\n"
    assert sorted(os.listdir(etc)) == ["pith.conf", "sites.d"], os.listdir(etc)


def check_deb(root):
    if not (shutil.which("cpack") and shutil.which("dpkg-deb") and shutil.which("dpkg-shlibdeps")):
        print("SKIP package: cpack, dpkg-deb or dpkg-shlibdeps missing (make deps installs them)")
        return
    out = os.path.join(root, "pkg")
    r = subprocess.run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"),
                        "-B", out], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r
    debs = [f for f in os.listdir(out) if f.startswith("pith_") and f.endswith(".deb")]
    assert len(debs) == 1, os.listdir(out)
    deb = os.path.join(out, debs[0])
    print("package", debs[0])

    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True,
                             check=True).stdout
    files = {}
    for line in listing.splitlines():
        f = line.split()
        files[f[-1].lstrip(".")] = (f[0], f[1])
    for path in ("/usr/bin/pith", "/usr/libexec/pith/pith-service",
                 "/usr/lib/systemd/system/pith.service",
                 "/usr/lib/sysusers.d/pith.conf", "/usr/lib/tmpfiles.d/pith.conf",
                 "/usr/share/doc/pith/pith.conf.example", "/etc/pith/pith.conf",
                 "/etc/pith/sites.d/"):
        assert path in files, (path, listing)
    for exe in ("/usr/bin/pith", "/usr/libexec/pith/pith-service"):
        assert files[exe] == ("-rwxr-xr-x", "root/root"), (exe, files[exe])
    assert all(owner == "root/root" for _, owner in files.values()), listing
    assert not any(p.startswith("/etc/pith/sites.d/") and p != "/etc/pith/sites.d/"
                   for p in files), listing

    ctl = os.path.join(root, "control")
    subprocess.run(["dpkg-deb", "-e", deb, ctl], check=True)
    conffiles = open(os.path.join(ctl, "conffiles")).read().split()
    assert conffiles == ["/etc/pith/pith.conf"], conffiles
    postinst = open(os.path.join(ctl, "postinst")).read()
    assert "systemd-sysusers pith.conf" in postinst and "systemd-tmpfiles --create" in postinst
    for script in ("postinst", "prerm", "postrm"):
        assert os.stat(os.path.join(ctl, script)).st_mode & 0o777 == 0o755, script
        r = subprocess.run(["sh", "-n", os.path.join(ctl, script)], capture_output=True, text=True)
        assert r.returncode == 0, (script, r.stderr)

    def field(name):
        return subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True,
                              check=True).stdout.strip()

    assert field("Package") == "pith"
    depends = field("Depends")
    print("Depends:", depends)
    names = [d.split()[0] for d in depends.split(", ")]
    for lib in ("libc6", "libcurl4", "libuv1", "libsystemd0", "libsqlite3-0", "systemd"):
        assert lib in names, (lib, depends)


def main():
    root = tempfile.mkdtemp(prefix="pith-package-")
    try:
        check_install(root)
        check_deb(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
