# Thin wrapper for newcomers. Everything real is in CMakeLists.txt.
#
#   make run     install what is missing, build, run the daemon on ./var/
#   make test    install what is missing, build, run every test
#   make bench   build and print the benchmark figures
#   make asan    build with AddressSanitizer+UBSan and run every test
#   make test-nosimd  build without the SSE2 fast paths (parsers/simd.h) and
#                run the unit tests
#   make fuzz    build the libFuzzer targets and run each for FUZZ_SECONDS
#   make format  lay out every C file with .clang-format (.ci/format-check
#                is the check CI runs and the one list of files)
#   make install install binary, unit, sysusers/tmpfiles snippets, example
#                config; creates /etc/pith/pith.conf only when it is missing
#   make package build/pith_VERSION_ARCH.deb (CPack), for `apt install ./pith_*.deb`
#   make test-systemd  boot a real systemd in a container and test the service
#                and the .deb there (root; tests/systemd/run.sh)

BUILD ?= build
ASAN_BUILD ?= build-asan
NOSIMD_BUILD ?= build-nosimd
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SHARED ?= $(abspath ../shared)
PREFIX ?= /usr

# Debian packages the build, the tests and the tools need.
PACKAGES = cmake make gcc pkg-config clang libclang-rt-14-dev python3 python3-yaml \
	libuv1-dev libcurl4-openssl-dev libgumbo-dev libcmocka-dev libutf8proc-dev \
	libpcre2-dev libyaml-dev libjansson-dev libxxhash-dev libsqlite3-dev \
	libsystemd-dev libxml2-dev zlib1g-dev systemd cmark-gfm libhiredis-dev redis-server \
	dpkg-dev systemd-container mmdebstrap clang-format

.PHONY: all deps build test asan fuzz bench run install package test-systemd test-nosimd format format-check clean

all: build

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get -o DPkg::Lock::Timeout=300 update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq $$missing; \
	  else \
	    echo "run as root, or: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

# The generated Makefile is the stamp: CMake writes it last, so a configure
# that failed (say, run before the packages were in) is run again. The
# packages come first even under make -j.
$(BUILD)/Makefile: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPITH_SHARED_DIR=$(SHARED)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPITH_SANITIZE=ON -DPITH_SHARED_DIR=$(SHARED)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# The portable paths a machine without SSE2 takes; unit tests only, which
# cover every function with a fast path.
test-nosimd: deps
	cmake -S . -B $(NOSIMD_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPITH_SIMD=OFF -DPITH_SHARED_DIR=$(SHARED)
	cmake --build $(NOSIMD_BUILD) -j $(JOBS)
	cd $(NOSIMD_BUILD) && ctest --output-on-failure -j $(JOBS) -R '^unit/'

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPITH_FUZZ=ON -DPITH_SHARED_DIR=$(SHARED)
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD=$(FUZZ_BUILD) SHARED=$(SHARED) sh tests/fuzz/run.sh

bench: build
	PITH_BIN=$(abspath $(BUILD))/pith PITH_BUILD_DIR=$(abspath $(BUILD)) SHARED=$(SHARED) sh bench/run.sh

run: build
	@mkdir -p var/drop var/spool var/state
	@[ -f var/pith.conf ] || sed -e 's|^drop_dir *=.*|drop_dir = drop|' \
	  -e 's|^spool_dir *=.*|spool_dir = spool|' -e 's|^state_dir *=.*|state_dir = state|' \
	  config/pith.conf.example > var/pith.conf
	@echo "pith: drop files into $(abspath var/drop); cleaned articles appear in $(abspath var/spool/new)"
	@echo "pith: configuration in $(abspath var/pith.conf); Ctrl-C stops"
	exec $(BUILD)/pith daemon -c var/pith.conf

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

package: build
	cd $(BUILD) && cpack -G DEB
	@ls $(abspath $(BUILD))/pith_*.deb

# Boots a container, so it needs root; .ci/run decides whether to run it.
test-systemd: package
	SHARED=$(SHARED) bash tests/systemd/run.sh $(abspath $(BUILD))

format: deps
	bash .ci/format-check --fix

format-check: deps
	bash .ci/format-check

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(NOSIMD_BUILD) $(FUZZ_BUILD)
