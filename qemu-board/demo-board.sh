#!/usr/bin/env bash
# The demo board: board.sh with three disks that each show one thing a
# newcomer should see in the first minute, and the AP kernel's demo workload
# running without end (ap-kernel-traced/demo_live.c has the script):
#
#   vda  healthy
#   vdb  slow: QEMU throttles it to SLOW_IOPS requests/s (throttling.iops-total)
#   vdc  faulty, behind blkdebug: the host holds one read inside the drive
#        when the AP asks (PMDI-HOST-REQUEST hold-vdc / release-vdc, 10 s
#        apart), and every read of its last MiB fails with EIO (the AP's
#        surface scan at 20 s reads it: a burst of device errors)
#
#   demo-board.sh [--dir DIR] [--rate N] [board.sh options, e.g. --trace pty]
#     --dir DIR   disks, blkdebug rules, console.log, agent.out and run/ go
#                 here (default build/demo)
#     --rate N    the AP's requests per second (default 40: a quarter of what the
#                 115200-baud trace line carries, see qemu-board/README.md)
# The console goes to DIR/console.log (the agent reads it), the monitor's
# actions to DIR/agent.out with host times. QEMU replaces this script (the
# same pid), like board.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=host-agent.sh
. "$PMDI_BOARD_DIR/host-agent.sh"

DIR=$PMDI_ROOT/build/demo
RATE=40
SLOW_IOPS=5
DISK_MB=64
BOARD_ARGS=()
while [ $# -gt 0 ]; do
	case $1 in
	--dir) DIR=$2; shift 2 ;;
	--rate) RATE=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) BOARD_ARGS+=("$1"); shift ;;
	esac
done
case $RATE in
'' | *[!0-9]* | 0) pmdi_die "--rate must be a positive number of requests per second" ;;
esac

mkdir -p "$DIR/disks" "$DIR/run"
DIR=$(cd "$DIR" && pwd)
for d in vda vdb vdc; do
	[ -e "$DIR/disks/$d.img" ] || truncate -s "${DISK_MB}M" "$DIR/disks/$d.img"
done

# vdc's bad sectors: one rule per 64 KiB of the last MiB (a rule fails every
# read that touches its sector; the AP reads 64 KiB at a time).
rules=$DIR/disks/vdc-blkdebug.conf
{
	echo "# written by qemu-board/demo-board.sh: reads of vdc's last MiB fail with EIO"
	first=$(( (DISK_MB - 1) * 2048 ))
	for s in $(seq "$first" 128 $(( DISK_MB * 2048 - 1 ))); do
		printf '[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\nonce = "off"\n\n' "$s"
	done
} >"$rules"

# The monitor names the drives disk0, disk1, disk2 in --disk order.
demo_request() {
	case $1 in
	hold-vdc) echo 'qemu-io disk2 "break read_aio demo-hold"' ;;
	release-vdc) echo 'qemu-io disk2 "resume demo-hold"' ;;
	esac
}

: >"$DIR/console.log"
: >"$DIR/agent.out"
pmdi_host_agent "$DIR/console.log" "$DIR/run/monitor.sock" demo_request $$ >>"$DIR/agent.out" 2>&1 &

exec "$PMDI_BOARD_DIR/board.sh" --run-dir "$DIR/run" --console "file:$DIR/console.log" \
	--disk "$DIR/disks/vda.img" \
	--disk "file=$DIR/disks/vdb.img,format=raw,throttling.iops-total=$SLOW_IOPS" \
	--disk "format=raw,file.driver=blkdebug,file.config=$rules,file.image.filename=$DIR/disks/vdc.img" \
	--append "pmdiboard.modargs=workload=demo,workload_arg=$RATE pmdiboard.disks=vda,vdb,vdc" \
	"${BOARD_ARGS[@]}"
