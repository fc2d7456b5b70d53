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

# The runtime classpath of a Java module (built and installed first, with the
# modules it depends on), for running its main classes with plain `java`.
java_classpath() {
	local module="$1" cpfile="$PMDI_BUILD/$1.classpath"
	mkdir -p "$PMDI_BUILD"
	# Reuse the last build when no Java source or pom changed since (a report
	# or an export should not pay for a Maven run each time).
	if [ -s "$cpfile" ] && [ -d "$PMDI_ROOT/$module/target/classes" ] &&
		[ -z "$(find "$PMDI_ROOT"/pom.xml "$PMDI_ROOT"/*/pom.xml "$PMDI_ROOT"/*/src/main \
			-newer "$cpfile" -print -quit 2>/dev/null)" ]; then
		printf '%s:%s' "$PMDI_ROOT/$module/target/classes" "$(cat "$cpfile")"
		return
	fi
	local log="$PMDI_BUILD/$module.build.log"
	# Maven 3.8 prints stray colour resets even in batch mode: keep its output in a log.
	"${MVN[@]}" -pl "$module" -am -DskipTests install >"$log" 2>&1 ||
		{ cat "$log" >&2; die "building $module failed"; }
	"${MVN[@]}" -pl "$module" dependency:build-classpath -Dmdep.outputFile="$cpfile" >"$log" 2>&1 ||
		{ cat "$log" >&2; die "resolving the classpath of $module failed"; }
	touch "$cpfile"	# Maven leaves an unchanged file alone: mark this build
	printf '%s:%s' "$PMDI_ROOT/$module/target/classes" "$(cat "$cpfile")"
}

# java_bench_classpath MODULE: java_classpath plus MODULE's test classes, where its
# benchmarks and synthetic traces live (src/test: out of the tools' jars). Compiles the
# tests when a source of the module changed since the last time.
java_bench_classpath() {
	local module="$1" cp stamp="$PMDI_BUILD/$1.test-classes.stamp"
	cp="$(java_classpath "$module")"
	if [ ! -e "$stamp" ] || [ ! -d "$PMDI_ROOT/$module/target/test-classes" ] ||
		[ -n "$(find "$PMDI_ROOT"/pom.xml "$PMDI_ROOT"/*/pom.xml "$PMDI_ROOT"/*/src \
			-newer "$stamp" -print -quit 2>/dev/null)" ]; then
		local log="$PMDI_BUILD/$module.test-build.log"
		"${MVN[@]}" -pl "$module" -am -DskipTests test-compile >"$log" 2>&1 ||
			{ cat "$log" >&2; die "compiling the tests of $module failed"; }
		touch "$stamp"
	fi
	printf '%s:%s' "$PMDI_ROOT/$module/target/test-classes" "$cp"
}

# bench_boot DIR TESTS MESSAGE [BOARD_OPTION...]: one boot of the board in test mode
# running the guest tests TESTS, with fresh vda/vdb images in DIR (a clean DIR;
# 64 MiB, or BENCH_DISK_SIZE), the serial console in DIR/serial.log; the disks
# are passed as given (--disk ...), and any other board.sh option (--append ...).
# The board is the one PMDI_BOARD_OUT selects (qemu-board/lib.sh). Dies with
# the log's tail if the boot fails.
bench_boot() {
	local dir=$1 tests=$2 msg=$3
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir"
	truncate -s "${BENCH_DISK_SIZE:-64M}" "$dir/vda.img" "$dir/vdb.img"
	say "$msg"
	timeout -k 10 900 "$PMDI_ROOT/qemu-board/board.sh" --no-build --smp 2 --mode test \
		--append "pmdiboard.tests=$tests" --console "file:$dir/serial.log" --run-dir "$dir" \
		"$@" </dev/null >"$dir/qemu.out" 2>&1 ||
		{ tail -30 "$dir/serial.log" >&2; die "the benchmark boot failed (log: $dir/serial.log)"; }
}
