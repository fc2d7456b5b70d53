#!/usr/bin/env bash
# Install, idempotently and only what is missing, what pmdi needs on Debian 12.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Debian packages: the board (QEMU, Debian's kernel with exactly matching
# headers, busybox for the initramfs), the host tools (socat for pty pairs and
# the monitor, babeltrace2 to check our CTF export, tshark to check our pcap
# export, xvfb for the viewer's real window), and the toolchains (Debian's rustc builds the Rust AP kernel: the same
# compiler on every machine, whatever rustup put in PATH).
PACKAGES=(
	qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static cpio
	socat babeltrace2 tshark xvfb xauth
	gcc make libc6-dev binutils
	clang libclang-rt-14-dev
	rustc
	openjdk-17-jdk-headless maven
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done
# Java and Maven may come from elsewhere than apt (e.g. a JDK under /usr/lib/jvm).
if command -v javac >/dev/null && command -v mvn >/dev/null; then
	kept=()
	for p in "${missing[@]}"; do
		case "$p" in openjdk-17-jdk-headless | maven) ;; *) kept+=("$p") ;; esac
	done
	missing=("${kept[@]+"${kept[@]}"}")
fi

install() {
	if [ "$(id -u)" -ne 0 ]; then
		die "missing packages: $*
  run: sudo apt-get update && sudo apt-get install -y $*"
	fi
	say "installing: $*"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$PMDI_BUILD/apt.log" 2>&1; then
		apt-get update -q >>"$PMDI_BUILD/apt.log" 2>&1
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$PMDI_BUILD/apt.log" 2>&1 ||
			die "apt-get install failed; see $PMDI_BUILD/apt.log"
	fi
}

mkdir -p "$PMDI_BUILD"
if [ ${#missing[@]} -gt 0 ]; then
	install "${missing[@]}"
fi

# The module is built against the board kernel's own headers: make sure the
# newest installed image has them (the meta packages can drift apart).
kver="$(board_kernel_version)"
newest=""
for f in /boot/vmlinuz-*-amd64; do
	[ -e "$f" ] || continue
	v="${f#/boot/vmlinuz-}"
	if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then newest="$v"; fi
done
[ -n "$newest" ] || die "no Debian kernel image in /boot after installing linux-image-amd64"
if [ "$kver" != "$newest" ]; then
	install "linux-headers-$newest"
	kver="$(board_kernel_version)"
fi
[ "$kver" = "$newest" ] || die "no headers for the board kernel $newest"
# The kernel image must be readable by QEMU when not root.
[ -r "/boot/vmlinuz-$kver" ] || say "note: /boot/vmlinuz-$kver is not readable by $(id -un)"

# Warm the Maven repository once per pom change, plugins included, so later
# runs (and offline ones) find everything.
stamp="$PMDI_BUILD/.maven-warm"
sum="$(cat "$PMDI_ROOT"/pom.xml "$PMDI_ROOT"/*/pom.xml 2>/dev/null | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
	say "warming the Maven repository (first run only)"
	# Building the reactor once pulls every dependency and build plugin; the
	# test plugins come with a test-compile. A compile error is the build's
	# to report, not setup's: warn and try again next time.
	if "${MVN[@]}" -DskipTests install >"$PMDI_BUILD/maven-warm.log" 2>&1 &&
		"${MVN[@]}" -DskipTests test-compile dependency:resolve-plugins surefire:help \
			>>"$PMDI_BUILD/maven-warm.log" 2>&1; then
		echo "$sum" >"$stamp"
	else
		say "warning: the Maven warm-up build failed (see $PMDI_BUILD/maven-warm.log)"
	fi
fi
