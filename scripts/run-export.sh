#!/usr/bin/env bash
# ./pmdi export TRACE --perfetto OUT.json | --csv OUT.csv | --ctf DIR [--from T --to T]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cp="$(java_classpath trace-analysis)"
exec java -XX:+UseSerialGC -cp "$cp" org.pmdi.analysis.cli.Main export "$@"
