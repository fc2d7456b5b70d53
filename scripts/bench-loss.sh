#!/usr/bin/env bash
# ./pmdi bench loss: the loss property of issue 14 over thousands of seeds of every sample
# (LossBench, test code): seeds run, false stuck findings (must be 0), stuck requests still
# diagnosed where the damage left them provable, "cannot tell" findings. SEEDS per sample.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"${MVN[@]}" -pl trace-analysis -am -DskipTests test-compile >"$PMDI_BUILD/bench-loss.build.log" 2>&1 ||
	{ cat "$PMDI_BUILD/bench-loss.build.log" >&2; die "building the loss bench failed"; }
cp="$PMDI_ROOT/trace-analysis/target/test-classes:$(java_classpath trace-analysis)"
exec java -XX:+UseSerialGC -Xmx1g -cp "$cp" org.pmdi.analysis.loss.LossBench --seeds "${SEEDS:-1000}" \
	--samples "$PMDI_ROOT/samples"
