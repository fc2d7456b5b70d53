#!/usr/bin/env bash
# Run every test suite, or the ones named: c java qemu (conformance: only qemu-conformance).
# Prints each runner's own summary, then one line per suite and a total.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(c java qemu)

passed=0
failed=0
results=()

run_suite() {
	local name="$1"
	shift
	local t0=$SECONDS
	printf '\n=== suite %s\n' "$name"
	if "$@"; then
		passed=$((passed + 1))
		results+=("PASS  $name ($((SECONDS - t0)) s)")
	else
		failed=$((failed + 1))
		results+=("FAIL  $name ($((SECONDS - t0)) s)")
	fi
}

# C: the trace ring with two threads, the encoder, the freestanding build.
suite_c() {
	make -s -C "$PMDI_ROOT/trace-format/c" OUT="$PMDI_BUILD/trace-format" check
}

# C: the mailbox protocol and the AP's client library, with threads as CPUs.
suite_mailbox() {
	make -s -C "$PMDI_ROOT/interface/test" OUT="$PMDI_BUILD/mailbox" check
}

# C: the AP kernel's Ethernet/ARP/IPv4/ICMP/UDP code on constructed frames,
# answers checked byte for byte, under ASan and UBSan.
suite_ap_net() {
	make -s -C "$PMDI_ROOT/ap-kernel-traced/test" OUT="$PMDI_BUILD/ap-net" check
}

# The C writer must still produce the committed golden vectors of the current
# version (golden/v1) byte for byte; golden/v0 stays as written by the v0 writer
# (the Java tests decode both).
suite_golden() {
	local tmp rc=0
	tmp="$(mktemp -d)"
	"$PMDI_BUILD/trace-format/golden_writer" "$tmp" || return 1
	for f in "$PMDI_ROOT"/trace-format/golden/v1/*; do
		if ! cmp -s "$f" "$tmp/$(basename "$f")"; then
			echo "golden: $(basename "$f") differs from what the C writer produces now"
			rc=1
		fi
	done
	[ $rc -eq 0 ] && echo "golden: $(ls "$tmp" | wc -l) files identical"
	rm -rf "$tmp"
	return $rc
}

# C: libFuzzer over Linux's consume code for AP-written memory and its reader of
# AP kernel ELF files, a short bounded run (>= 200 k executions in all, about a
# minute) and a replay of every committed input.
suite_fuzz() {
	local d="$PMDI_ROOT/interface/fuzz" out="$PMDI_BUILD/fuzz"
	command -v clang >/dev/null || { echo "c-fuzz: no clang (run ./pmdi setup)"; return 1; }
	make -s -C "$d" OUT="$out" all && make -s -C "$d" OUT="$out" regress &&
		FUZZ_WORK="$out/test" "$d/run.sh" "$out" trace:40000:15 mailbox:100000:15 \
			console:200000:10 clock:200000:8 elf:200000:5 --min-total 200000
}

# C: the two-thread ring, drain and mailbox tests again under ThreadSanitizer.
suite_tsan() {
	local out="$PMDI_BUILD/fuzz"
	command -v clang >/dev/null || { echo "c-tsan: no clang (run ./pmdi setup)"; return 1; }
	make -s -C "$PMDI_ROOT/interface/fuzz" OUT="$out" tsan &&
		TSAN_OPTIONS=halt_on_error=1 "$out/tsan/test_ring" 4000000 &&
		TSAN_OPTIONS=halt_on_error=1 "$out/tsan/test_drain" &&
		TSAN_OPTIONS=halt_on_error=1 "$out/tsan/test_mailbox"
}

suite_java() {
	mvn -B --no-transfer-progress -f "$PMDI_ROOT/pom.xml" install
}

# The Rust AP kernel's library (ap-kernel-rust/: ABI, mailbox client, trace writer) on the
# host: ABI offsets against the C headers, golden vectors, ring and mailbox tests.
suite_rust_lib() {
	make -s -C "$PMDI_ROOT/ap-kernel-rust" RL_OUT="$PMDI_BUILD/ap-rust/test" test
}

suite_qemu() {
	if [ ! -x "$PMDI_ROOT/qemu-board/tests/run.sh" ]; then
		echo "qemu: no board tests yet"
		return 0
	fi
	"$PMDI_ROOT/scripts/build.sh" board || return 1
	# the AP kernels just built carry their pmdi ELF note: the ELF validator accepts them as built
	make -s -C "$PMDI_ROOT/interface/test" OUT="$PMDI_BUILD/mailbox" "$PMDI_BUILD/mailbox/test_elf" &&
		"$PMDI_BUILD/mailbox/test_elf" --built "$PMDI_BUILD/board/ap/pmdi-ap.elf" \
			"$PMDI_BUILD/board/ap-rust/pmdi-ap-rust.elf" || return 1
	"$PMDI_ROOT/qemu-board/tests/run.sh"
}

# ./pmdi conformance on the C kernel (two boots, about a minute each), then on
# the Rust kernel (one more boot; not when PMDI_CONF_IMAGE names one): the image
# passes; then, broken on purpose (workload_arg 7: a corrupted copy byte, a
# misreported refusal, the storm's last completion never taken), the judge must
# fail exactly those checks (and trace-requests when the image traces) and exit 1.
suite_conformance() {
	local img="${PMDI_CONF_IMAGE:-$PMDI_BUILD/board/ap/pmdi-ap.elf}" out rc want got
	"$PMDI_ROOT/scripts/build.sh" board || return 1
	"$PMDI_ROOT/scripts/run-conformance.sh" "$img" --seed 2026 || return 1
	out=$("$PMDI_ROOT/scripts/run-conformance.sh" "$img" --seed 99 --break 7 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/  broken on purpose: /'
	want="copy refusals-reported storm"
	if printf '%s\n' "$out" | grep -qE '^(PASS|FAIL) trace-lossless:'; then
		want="copy refusals-reported storm trace-requests"
	fi
	got=$(printf '%s\n' "$out" | sed -n 's/^FAIL \([^:]*\):.*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$rc" = 1 ] && [ "$got" = "$want" ]; then
		echo "conformance self-test: the broken kernel fails exactly: $got (exit 1)"
		# the failed run kept its directory: this failure was the expected one
		rm -rf "$(printf '%s\n' "$out" | sed -n 's/^run directory kept: //p')"
	else
		echo "conformance self-test: FAIL: expected exit 1 and FAILs '$want', got exit $rc and '$got'"
		return 1
	fi
	# the Rust kernel (ap-kernel-rust/), which declares its trace: one more boot
	[ -n "${PMDI_CONF_IMAGE:-}" ] ||
		"$PMDI_ROOT/scripts/run-conformance.sh" "$PMDI_BUILD/board/ap-rust/pmdi-ap-rust.elf" --seed 2027
}

# The demo board's first minute, checked as ./pmdi demo --headless does (about 2 min):
# in its own directory, so that a demo someone runs meanwhile keeps its disks.
suite_demo() {
	PMDI_DEMO_DIR="$PMDI_BUILD/demo-test" "$PMDI_ROOT/scripts/run-demo.sh" --headless
}

"$PMDI_ROOT/scripts/build.sh" c >/dev/null || die "C build failed"
for s in "${suites[@]}"; do
	case "$s" in
	c)
		run_suite c-ring-and-codec suite_c
		run_suite c-golden-vectors suite_golden
		run_suite c-mailbox suite_mailbox
		run_suite c-ap-net suite_ap_net
		run_suite c-fuzz suite_fuzz
		run_suite c-tsan suite_tsan
		run_suite rust-lib suite_rust_lib
		;;
	java) run_suite java suite_java ;;
	qemu)
		run_suite qemu-board suite_qemu
		run_suite qemu-conformance suite_conformance
		run_suite qemu-demo suite_demo
		;;
	conformance) run_suite qemu-conformance suite_conformance ;;
	*) die "test: unknown suite '$s' (c, java, qemu, conformance)" ;;
	esac
done

printf '\n=== pmdi test summary\n'
printf '%s\n' "${results[@]}"
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
