#!/usr/bin/env bash
# Regenerate the sample traces from real board runs (about 4 minutes for the
# default boots A to E; F, G and H, about 3 minutes more, only with --only):
#   boot A: healthy, no-doorbell, no-reap, flight-no-reap, ap-fault, ap-silent
#   boot B: slow-disk  (vdb throttled to 20 IOPS with QEMU drive throttling)
#   boot C: stuck-driver (vdb behind blkdebug; the monitor's qemu-io "break
#           read_aio" holds the AP's read inside QEMU until "resume")
#   boot D: disk-errors (vdb behind blkdebug whose inject-error rules fail
#           reads touching one 256 KiB slot in eight with EIO)
#   boot E: bad-requests (workload=badreq: every kind of malformed request)
#   boots F, G, H: the comparison's matched recordings, each in its own boot:
#           pair-a, pair-b (the same paced load twice, nothing throttled) and
#           pair-vdb-slow (the same load, vdb throttled to VDB_SLOW_IOPS)
#   boot N: net-echo, rx-starved (the AP on its own NIC, workload=net, while
#           the host runs qemu-board/tests/udp-echo-check against AP_UDP;
#           rx-starved: the AP posts no receive buffer for 3 s)
#   boot R: rust-conformance (the Rust AP kernel, ap-kernel-rust/, running the
#           conformance workload; ./pmdi conformance's own boot and trace,
#           seed 2027; only with --only R)
# Each trace is the module's debugfs trace_pipe, captured in the guest from the
# start of the session and sent to the host over QEMU's user network.
#
#   samples/make-samples.sh [--only D,E] [OUTDIR]
#
# The comparison's recordings are made only when asked (--only F,G,H): two
# runs of one load differ by the host's noise as well (other processes, TCG),
# and the tests assert that pair-a and pair-b differ by nothing significant;
# check that again on new recordings before committing them (samples/README.md).
# --only runs just the named boots (their samples are replaced, the others and
# pmdi-ap.elf are left alone: pmdi-ap.elf is rewritten only with boot A, whose
# ap-fault sample needs the AP kernel it came from).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
# shellcheck source=../qemu-board/host-agent.sh
. "$PMDI_ROOT/qemu-board/host-agent.sh"

only=ABCDEN	# F, G, H, R: see above
if [ "${1:-}" = --only ]; then
	[ $# -ge 2 ] || die "make-samples: --only needs boot letters, e.g. --only D,E"
	only=$(printf '%s' "$2" | tr -d ', ' | tr a-z A-Z)
	printf '%s' "$only" | grep -qE '^[A-HNR]+$' || die "make-samples: boots are A..H, N and R, not '$2'"
	shift 2
fi
wanted() {	# wanted LETTER: is this boot to run?
	case $only in *"$1"*) return 0 ;; *) return 1 ;; esac
}

OUT="${1:-$PMDI_ROOT/samples}"
"$PMDI_ROOT/scripts/build.sh" board >/dev/null
work="$PMDI_BUILD/samples"
rm -rf "$work"
mkdir -p "$work" "$OUT"
port=$((20000 + RANDOM % 20000))

# The receiver: each connection carries "NAME\n" then the trace bytes.
cat >"$work/receive.sh" <<RECV
#!/bin/sh
read -r name
cat > "$work/\$name.pmdt"
RECV
chmod +x "$work/receive.sh"
socat -u "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" EXEC:"$work/receive.sh" &
receiver=$!
trap 'kill $receiver 2>/dev/null' EXIT

# The monitor actions the guest asks for (boot C: hold vdb's read in QEMU).
samples_request() {
	case $1 in
	break-vdb) echo 'qemu-io disk1 "break read_aio hold"' ;;
	resume-vdb) echo 'qemu-io disk1 "resume hold"' ;;
	# boot N: the host's UDP traffic to the AP (every echo checked), in
	# the background; no monitor command
	sample-net-echo) sample_echo net-echo -n 2000 -w 8 ;;
	sample-rx-starved) sample_echo rx-starved -n 1500 -w 16 -r 60 ;;
	esac
}
echo_bin=$work/udp-echo-check
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$echo_bin" "$PMDI_ROOT/qemu-board/tests/udp-echo-check.c"
# sample_echo NAME ARGS...: udp-echo-check against boot N's AP_UDP
sample_echo() {
	local name=$1 ap
	shift
	ap=$(sed -n 's/^AP_UDP=//p' "$work/N/board.env")
	"$echo_bin" "$ap" "$@" -s 2026 -T 60 >"$work/N/$name.echo" 2>&1 </dev/null &
}

# boot NAME SAMPLES DISK_SPEC...
boot() {
	local name=$1 list=$2 dir=$work/$1
	shift 2
	mkdir -p "$dir"
	local log=$dir/serial.log
	pmdi_host_agent "$log" "$dir/monitor.sock" samples_request >>"$dir/agent.out" 2>&1 &
	local agent=$!
	say "boot $name: $list"
	timeout -k 10 300 "$PMDI_ROOT/qemu-board/board.sh" --no-build --smp 2 --mode test \
		--append "pmdiboard.tests=samples:$list pmdiboard.sampleport=$port" \
		--console "file:$log" --run-dir "$dir" --net-open "$@" </dev/null >"$dir/qemu.out" 2>&1 || true
	kill $agent 2>/dev/null || true
	grep '^PMDI-CHECK' "$log" | sort -u | sed 's/^/  /'
}

truncate -s 64M "$work/vda.img" "$work/vdb.img"
wanted A && boot A healthy,no-doorbell,no-reap,flight-no-reap,ap-fault,ap-silent \
	--disk "$work/vda.img" --disk "$work/vdb.img"
wanted B && boot B slow-disk --disk "$work/vda.img" \
	--disk "file=$work/vdb.img,format=raw,throttling.iops-total=20"
blkdebug="format=raw,file.driver=blkdebug,file.config=$work/blkdebug.conf,file.image.filename=$work/vdb.img"
: >"$work/blkdebug.conf"
wanted C && boot C stuck-driver --disk "$work/vda.img" --disk "$blkdebug"
# The mixed workload moves through vdb 256 KiB (512 sectors) at a time, at
# slot k = round % 255; a read touching the first sector of a slot k = 0 mod 8
# fails with EIO (errno 5) in QEMU, so Linux's virtio_blk driver fails it
# (with the AP's other reads that Linux merged into the same virtio request):
# about one vdb read in 18 fails, the rest succeed. Writes are not failed.
for k in $(seq 0 8 254); do
	printf '[inject-error]\nevent = "read_aio"\niotype = "read"\nerrno = "5"\nsector = "%d"\n\n' \
		$((k * 512))
done >"$work/blkdebug.conf"
wanted D && boot D disk-errors --disk "$work/vda.img" --disk "$blkdebug"
wanted E && boot E bad-requests --disk "$work/vda.img" --disk "$work/vdb.img"
if wanted N; then
	boot N net-echo,rx-starved --disk "$work/vda.img" --disk "$work/vdb.img"
	cat "$work/N"/*.echo 2>/dev/null | sed 's/^/  udp-echo-check: /'
fi
# The comparison's recordings: three boots of the same load, each on fresh
# empty disks (what the other boots wrote must not make one side differ);
# only H throttles vdb. The demo posts 20 requests/s to vdb with two in
# flight: under 15 IOPS its requests wait in QEMU, tens of ms in the driver,
# and still about 700 of them complete in the 40 s.
VDB_SLOW_IOPS=15
pair_disks() {
	rm -f "$work/pair-vda.img" "$work/pair-vdb.img"
	truncate -s 64M "$work/pair-vda.img" "$work/pair-vdb.img"
}
if wanted F; then
	pair_disks
	boot F pair-a --disk "$work/pair-vda.img" --disk "$work/pair-vdb.img"
fi
if wanted G; then
	pair_disks
	boot G pair-b --disk "$work/pair-vda.img" --disk "$work/pair-vdb.img"
fi
if wanted H; then
	pair_disks
	boot H pair-vdb-slow --disk "$work/pair-vda.img" \
		--disk "file=$work/pair-vdb.img,format=raw,throttling.iops-total=$VDB_SLOW_IOPS"
fi
if wanted R; then
	# the judge's run keeps its directory; the trace is the one it checked
	kept=$("$PMDI_ROOT/scripts/run-conformance.sh" "$PMDI_BUILD/board/ap-rust/pmdi-ap-rust.elf" --seed 2027 --keep 2>&1 |
		tee /dev/stderr | sed -n 's/^run directory kept: //p')
	[ -s "$kept/trace.pmdt" ] || die "make-samples: the Rust kernel's conformance run left no trace ($kept)"
	cp "$kept/trace.pmdt" "$work/rust-conformance.pmdt"
	rm -rf "$kept"
fi
sleep 1
# The AP kernel these traces came from, for the fault's symbol (build id in
# the trace); symbols kept, debug info dropped.
if wanted A; then
	objcopy --strip-debug "$PMDI_BUILD/board/ap/pmdi-ap.elf" "$OUT/pmdi-ap.elf"
fi
for f in "$work"/*.pmdt; do
	[ -s "$f" ] || continue
	cp "$f" "$OUT/"
	say "$(basename "$f"): $(wc -c <"$f") bytes"
done
