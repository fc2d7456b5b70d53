#!/usr/bin/env bash
# Boot the pmdi QEMU board: Debian's kernel with our initramfs under
# qemu-system-x86_64 -accel tcg, one CPU of which the pmdi module gives to the
# AP kernel.
#
#   board.sh [options] [-- extra qemu args]
#     --smp N           CPUs (default 2; the module takes cpu 1 by default)
#     --mem SIZE        guest RAM (default 512M; the AP region is 64M at 256M)
#     --disk IMG        a virtio-blk disk (repeatable, first is vda); raw unless
#                       IMG ends in .qcow2; "file=...,format=..." is passed as-is.
#                       Default: build/board/disks/vda.img and vdb.img
#     --trace SPEC      QEMU chardev for the trace serial port ttyS1
#                       (default pty; e.g. tcp::4555,server,nowait)
#     --console SPEC    QEMU chardev for the console ttyS0 (default mon:stdio:
#                       interactive, Ctrl-A x quits); file:PATH for a log
#     --debugfs-port P  host TCP port (on 127.0.0.1 only) forwarded to the
#                       guest's trace_pipe server (default: the first free
#                       port from 4556; 0: no forward)
#     --ap-udp-port P   host UDP port (on 127.0.0.1 only) forwarded to the AP
#                       kernel's UDP echo (10.0.2.15:7 on the AP's own NIC,
#                       MAC 52:54:00:50:4d:41; default: the first free port
#                       from 4756; 0: no forward)
#     --net-open        the AP's NIC and Linux's net0 without restrict=on (the
#                       UDP echo test and ./pmdi bench net): libslirp drops
#                       every UDP datagram a guest sends on a restricted
#                       netdev, hostfwd replies included (libslirp udp.c
#                       checks restricted before it looks up the socket), so
#                       echoes only reach the host this way; the guest can
#                       then reach what slirp's NAT reaches (never the default)
#     --run-dir DIR     where monitor.sock and board.env go (default build/board/run)
#     --mode MODE       shell (default) or test (runs the guest tests, powers off)
#     --append ARGS     extra kernel command line (e.g. pmdiboard.autoload=0,
#                       pmdiboard.modargs=cpu=1,image=pmdi-ap.bin)
#     --initrd FILE     the initramfs (default build/board/initramfs.cpio.gz;
#                       ./pmdi conformance appends a cpio with the image under test)
#     --gdb [PORT]      QEMU's gdbstub on 127.0.0.1:PORT (default 1234), see
#                       PORTING.md "Debugging a new OS on the board"
#     --no-build        do not run build.sh first
# Environment: PMDI_TCG_THREAD (multi, the default: a host thread per vCPU;
# single: QEMU's round-robin TCG, every vCPU on one host thread, so that an
# IPI to a halted vCPU wakes no host thread; for measurements, see
# docs/performance-log.md "the IPI legs").
# Prints where the trace pty, the debugfs stream and the monitor socket are,
# also written to RUN_DIR/board.env (MONITOR, TRACE_PTY, DEBUGFS_TCP, LINUX_UDP,
# AP_UDP, QEMU_PID). Exit status is QEMU's.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SMP=2
MEM=512M
DISKS=()
TRACE=pty
CONSOLE=mon:stdio
RUN=${PMDI_RUN_DIR:-$PMDI_OUT/run}
MODE=shell
APPEND=""
BUILD=1
DEBUGFS_PORT=auto
AP_UDP_PORT=auto
NET_RESTRICT=on
INITRD=""
GDB_ARGS=()
# The AP kernel's region, reserved from Linux; the module's defaults match.
REGION='memmap=64M$0x10000000'

while [ $# -gt 0 ]; do
	case $1 in
	--smp) SMP=$2; shift 2 ;;
	--mem) MEM=$2; shift 2 ;;
	--disk) DISKS+=("$2"); shift 2 ;;
	--trace) TRACE=$2; shift 2 ;;
	--console) CONSOLE=$2; shift 2 ;;
	--debugfs-port) DEBUGFS_PORT=$2; shift 2 ;;
	--ap-udp-port) AP_UDP_PORT=$2; shift 2 ;;
	--net-open) NET_RESTRICT=off; shift ;;
	--run-dir) RUN=$2; shift 2 ;;
	--mode) MODE=$2; shift 2 ;;
	--append) APPEND="$APPEND $2"; shift 2 ;;
	--initrd) INITRD=$2; shift 2 ;;
	--gdb)
		if [ $# -gt 1 ] && [[ $2 =~ ^[0-9]+$ ]]; then
			GDB_ARGS=(-gdb "tcp:127.0.0.1:$2"); shift 2
		else
			GDB_ARGS=(-gdb tcp:127.0.0.1:1234); shift
		fi
		;;
	--no-build) BUILD=0; shift ;;
	--) shift; break ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) pmdi_die "unknown option $1 (see --help)" ;;
	esac
done

command -v qemu-system-x86_64 >/dev/null || pmdi_die "missing qemu-system-x86_64 (apt-get install qemu-system-x86)"
if [ "$BUILD" = 1 ]; then
	"$PMDI_BOARD_DIR/build.sh" >&2
fi
[ -n "$INITRD" ] || INITRD=$PMDI_OUT/initramfs.cpio.gz
[ -e "$INITRD" ] || pmdi_die "not built: run qemu-board/build.sh (no $INITRD)"

mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
MON=$RUN/monitor.sock
rm -f "$MON" "$RUN/board.env" "$RUN/trace.pty"

if [ ${#DISKS[@]} -eq 0 ]; then
	DISKS=("$PMDI_OUT/disks/vda.img" "$PMDI_OUT/disks/vdb.img")
fi
DRIVE_ARGS=()
i=0
for d in "${DISKS[@]}"; do
	case $d in
	*=*) spec=$d ;;
	*.qcow2) [ -e "$d" ] || pmdi_die "no disk image $d"; spec="file=$d,format=qcow2" ;;
	*) [ -e "$d" ] || pmdi_die "no disk image $d"; spec="file=$d,format=raw" ;;
	esac
	DRIVE_ARGS+=(-drive "$spec,if=none,id=disk$i" -device "virtio-blk-pci,drive=disk$i")
	i=$((i + 1))
done

# Every NIC is on QEMU user networking with restrict=on: nothing leaves the
# machine (host forwards, which listen on 127.0.0.1 only, still work, and
# slirp still answers its own gateway address). net0 is Linux's own NIC.
# The debugfs stream reaches the host through its own NIC; the guest finds it
# by its MAC (guest/trace-net.sh). The AP kernel's NIC is the last one (MAC
# 52:54:00:50:4d:41): Linux's virtio_net drives it, the module gives its
# frames to the AP (ap_mac), and the guest never configures it; its own
# slirp instance forwards AP_UDP to the AP's static 10.0.2.15, UDP port 7.
port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
# UDP: nobody bound to it (/proc/net/udp and udp6 list local ports in hex).
udp_port_free() {
	local hex
	hex=$(printf ':%04X ' "$1")
	! cat /proc/net/udp /proc/net/udp6 2>/dev/null | awk '{ print $2 " " }' | grep -q -- "$hex"
}
if [ "$DEBUGFS_PORT" = auto ]; then
	DEBUGFS_PORT=""
	for p in $(seq 4556 4655); do
		if port_free "$p"; then DEBUGFS_PORT=$p; break; fi
	done
	[ -n "$DEBUGFS_PORT" ] || pmdi_die "no free TCP port in 4556-4655 for the debugfs stream (--debugfs-port)"
fi
# A free UDP port in 4756-4855 from a random start (boards run side by side),
# never $2 (the other forward of this board).
pick_udp_port() {
	local start=$((RANDOM % 100)) i p
	for i in $(seq 0 99); do
		p=$((4756 + (start + i) % 100))
		if [ "$p" != "${2:-}" ] && udp_port_free "$p"; then echo "$p"; return 0; fi
	done
	pmdi_die "no free UDP port in 4756-4855 for $1"
}
# Linux's own NIC (net0, MAC ...:4c) forwards a UDP port to Linux's echo
# server (pmdi-udpecho, port 7): the baseline of ./pmdi bench net.
LINUX_UDP=127.0.0.1:$(pick_udp_port "Linux's echo forward")
if [ "$AP_UDP_PORT" = auto ]; then
	AP_UDP_PORT=$(pick_udp_port "the AP's echo (--ap-udp-port)" "${LINUX_UDP##*:}")
fi
NET_ARGS=(-netdev "user,id=net0,restrict=$NET_RESTRICT,hostfwd=udp:$LINUX_UDP-:7"
	  -device virtio-net-pci,netdev=net0,mac=52:54:00:50:4d:4c)
DEBUGFS_TCP=""
if [ "$DEBUGFS_PORT" != 0 ]; then
	DEBUGFS_TCP=127.0.0.1:$DEBUGFS_PORT
	NET_ARGS+=(-netdev "user,id=tracenet,restrict=on,net=10.0.3.0/24,hostfwd=tcp:$DEBUGFS_TCP-:4556"
		   -device virtio-net-pci,netdev=tracenet,mac=52:54:00:50:4d:44)
fi
AP_UDP=""
AP_FWD=""
if [ "$AP_UDP_PORT" != 0 ]; then
	AP_UDP=127.0.0.1:$AP_UDP_PORT
	AP_FWD=",hostfwd=udp:$AP_UDP-10.0.2.15:7"
fi
NET_ARGS+=(-netdev "user,id=apnet,restrict=$NET_RESTRICT,net=10.0.2.0/24$AP_FWD"
	   -device virtio-net-pci,netdev=apnet,mac=52:54:00:50:4d:41)

CMDLINE="console=ttyS0,115200 $REGION no_ipi_broadcast=1 panic=5 loglevel=7 pmdiboard.mode=$MODE$APPEND"

case ${PMDI_TCG_THREAD:-multi} in
single | multi) ;;
*) pmdi_die "PMDI_TCG_THREAD is single or multi, not '$PMDI_TCG_THREAD'" ;;
esac
QEMU=(qemu-system-x86_64 -accel "tcg,thread=${PMDI_TCG_THREAD:-multi}" -machine pc -smp "$SMP" -m "$MEM"
	-no-reboot -display none
	-kernel "$PMDI_OUT/vmlinuz" -initrd "$INITRD"
	-append "$CMDLINE"
	-serial "$CONSOLE" -serial "$TRACE"
	-monitor "unix:$MON,server,nowait"
	"${DRIVE_ARGS[@]}"
	"${NET_ARGS[@]}"
	-object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-pci,rng=rng0
	"${GDB_ARGS[@]}"
	"$@")

# Once QEMU listens, ask its monitor where the trace port went.
announce() {
	local n=0 info pty=""
	while [ $n -lt 100 ] && [ ! -S "$MON" ]; do sleep 0.1; n=$((n + 1)); done
	if command -v socat >/dev/null && [ -S "$MON" ]; then
		info=$(printf 'info chardev\n' | socat -t 2 - "UNIX-CONNECT:$MON" 2>/dev/null | tr -d '\r' || true)
		pty=$(printf '%s\n' "$info" | sed -n 's/^serial1: filename=pty:\(.*\)$/\1/p' | head -n1)
	fi
	{
		echo "MONITOR=$MON"
		echo "TRACE_SPEC=$TRACE"
		echo "TRACE_PTY=$pty"
		echo "DEBUGFS_TCP=$DEBUGFS_TCP"
		echo "LINUX_UDP=$LINUX_UDP"
		echo "AP_UDP=$AP_UDP"
		echo "QEMU_PID=$QEMU_PID"
	} > "$RUN/board.env"
	[ -n "$pty" ] && ln -sfn "$pty" "$RUN/trace.pty"
	printf 'pmdi board: monitor socket %s\r\n' "$MON" >&2
	if [ -n "$pty" ]; then
		printf 'pmdi board: trace serial port (ttyS1) at %s (link %s)\r\n' "$pty" "$RUN/trace.pty" >&2
	else
		printf 'pmdi board: trace serial port (ttyS1) on %s\r\n' "$TRACE" >&2
	fi
	if [ -n "$DEBUGFS_TCP" ]; then
		printf 'pmdi board: debugfs trace_pipe stream at tcp %s\r\n' "$DEBUGFS_TCP" >&2
	fi
	printf 'pmdi board: Linux UDP echo forward (pmdi-udpecho, when running) at udp %s\r\n' "$LINUX_UDP" >&2
	if [ -n "$AP_UDP" ]; then
		printf 'pmdi board: AP kernel UDP echo (10.0.2.15:7) at udp %s\r\n' "$AP_UDP" >&2
	fi
	printf 'pmdi board: details in %s\r\n' "$RUN/board.env" >&2
}

printf 'pmdi board: %s\n' "${QEMU[*]}" >&2
# QEMU replaces this shell (same pid, keeps the terminal for the console).
QEMU_PID=$$
announce &
exec "${QEMU[@]}"
