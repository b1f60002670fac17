# Thin wrapper for newcomers. Everything real is in CMakeLists.txt.
#
#   make run     install what is missing, build, run the daemon on ./var/
#   make test    install what is missing, build, run every test
#   make bench   build and print the benchmark figures
#   make asan    build with AddressSanitizer+UBSan and run every test
#   make fuzz    build the libFuzzer targets and run each for FUZZ_SECONDS
#   make install install binary, unit, example config and site profiles

BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SHARED ?= $(abspath ../shared)
PREFIX ?= /usr

# Debian packages the build, the tests and the tools need.
PACKAGES = cmake make gcc pkg-config clang libclang-rt-14-dev python3 python3-yaml \
	libuv1-dev libcurl4-openssl-dev libgumbo-dev libcmocka-dev libutf8proc-dev \
	libpcre2-dev libyaml-dev libjansson-dev libxxhash-dev libsqlite3-dev \
	libsystemd-dev libxml2-dev zlib1g-dev systemd cmark-gfm libhiredis-dev redis-server

.PHONY: all deps build test asan fuzz bench run install clean

all: build

deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "run as root, or: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPITH_SHARED_DIR=$(SHARED)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPITH_SANITIZE=ON -DPITH_SHARED_DIR=$(SHARED)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
