#!/usr/bin/env bash
# ./pmdi report TRACE [--json] [--budget DEV=p99:MS|DEV=errors:N|DEV=errors:P% ...] [--stuck-threshold [DEV=]DUR ...]
#                     [--elf-path DIR]
# Exit 0: clean; 1: stuck requests, an AP fault, a silent AP, a broken channel, driver errors or malformed
# requests (unless their device's error budget holds), or a broken budget; 2: usage; 3: I/O.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cp="$(java_classpath trace-analysis)"
exec java -XX:+UseSerialGC -cp "$cp" org.pmdi.analysis.cli.Main report "$@"
