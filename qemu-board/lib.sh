# shellcheck shell=bash
# Shared by build.sh, board.sh and tests/run.sh: where things are.

PMDI_BOARD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PMDI_ROOT=$(cd "$PMDI_BOARD_DIR/.." && pwd)
PMDI_OUT=${PMDI_BOARD_OUT:-$PMDI_ROOT/build/board}

# The board's kernel: the newest /boot/vmlinuz-*-amd64 with matching
# headers (never `uname -r`: the host runs a different kernel).
pmdi_kver() {
	local k
	if [ -n "${PMDI_KVER:-}" ]; then
		echo "$PMDI_KVER"
		return
	fi
	for k in $(ls -1 /boot/vmlinuz-*-amd64 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -V -r); do
		if [ -d "/usr/src/linux-headers-$k" ] && [ -d "/lib/modules/$k/kernel" ]; then
			echo "$k"
			return
		fi
	done
	echo "pmdi: no /boot/vmlinuz-*-amd64 with matching /usr/src/linux-headers-* and /lib/modules; install linux-image-amd64 linux-headers-amd64" >&2
	return 1
}

pmdi_die() {
	echo "pmdi board: $*" >&2
	exit 1
}
