#!/usr/bin/env bash
# ./pmdi diff BASE NEW [--json] [--fail-on DEV:STAT:+P%|DEV:PHASE:STAT:+P%|DEV:errors ...] [--min-effect X]
# Exit 0: no --fail-on rule tripped; 1: one did (printed); 2: usage; 3: a trace could not be read.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cp="$(java_classpath trace-analysis)"
exec java -XX:+UseSerialGC -cp "$cp" org.pmdi.analysis.cli.Main diff "$@"
