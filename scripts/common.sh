# Shared by the launcher's scripts: paths and small helpers.
# shellcheck shell=bash
: "${PMDI_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export PMDI_ROOT
PMDI_BUILD="$PMDI_ROOT/build"
export PMDI_BUILD
MVN=(mvn -B -q -f "$PMDI_ROOT/pom.xml")

say() { printf 'pmdi: %s\n' "$*" >&2; }
die() {
	printf 'pmdi: error: %s\n' "$*" >&2
	exit 1
}

# The Debian kernel the board boots: the newest /boot/vmlinuz-*-amd64 that has
# exactly matching headers (never the host's running kernel).
board_kernel_version() {
	local v best=""
	for f in /boot/vmlinuz-*-amd64; do
		[ -e "$f" ] || continue
		v="${f#/boot/vmlinuz-}"
		[ -d "/usr/src/linux-headers-$v" ] || continue
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
			best="$v"
		fi
	done
	printf '%s' "$best"
}
