#!/usr/bin/env bash
# Build everything, or one part: java | c | board.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build_java() {
	say "building the Java tools"
	"${MVN[@]}" -DskipTests install
}

build_c() {
	say "building the host-side C programs"
	make -s -C "$PMDI_ROOT/trace-format/c" OUT="$PMDI_BUILD/trace-format" all
}

build_board() {
	if [ -x "$PMDI_ROOT/qemu-board/build.sh" ]; then
		say "building the kernel module, the AP kernel and the board"
		"$PMDI_ROOT/qemu-board/build.sh"
	fi
}

what="${1:-all}"
case "$what" in
java) build_java ;;
c) build_c ;;
board) build_board ;;
all)
	build_c
	build_java
	build_board
	;;
*) die "build: unknown part '$what' (java, c, board)" ;;
esac
