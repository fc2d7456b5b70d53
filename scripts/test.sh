#!/usr/bin/env bash
# Run every test suite, or the ones named: c java qemu.
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

# The C writer must still produce the committed golden vectors byte for byte
# (the Java tests decode those same files).
suite_golden() {
	local tmp rc=0
	tmp="$(mktemp -d)"
	"$PMDI_BUILD/trace-format/golden_writer" "$tmp" || return 1
	for f in "$PMDI_ROOT"/trace-format/golden/v0/*; do
		if ! cmp -s "$f" "$tmp/$(basename "$f")"; then
			echo "golden: $(basename "$f") differs from what the C writer produces now"
			rc=1
		fi
	done
	[ $rc -eq 0 ] && echo "golden: $(ls "$tmp" | wc -l) files identical"
	rm -rf "$tmp"
	return $rc
}

suite_java() {
	mvn -B --no-transfer-progress -f "$PMDI_ROOT/pom.xml" install
}

suite_qemu() {
	if [ ! -x "$PMDI_ROOT/qemu-board/tests/run.sh" ]; then
		echo "qemu: no board tests yet"
		return 0
	fi
	"$PMDI_ROOT/scripts/build.sh" board && "$PMDI_ROOT/qemu-board/tests/run.sh"
}

"$PMDI_ROOT/scripts/build.sh" c >/dev/null || die "C build failed"
for s in "${suites[@]}"; do
	case "$s" in
	c)
		run_suite c-ring-and-codec suite_c
		run_suite c-golden-vectors suite_golden
		run_suite c-mailbox suite_mailbox
		;;
	java) run_suite java suite_java ;;
	qemu) run_suite qemu-board suite_qemu ;;
	*) die "test: unknown suite '$s' (c, java, qemu)" ;;
	esac
done

printf '\n=== pmdi test summary\n'
printf '%s\n' "${results[@]}"
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
