#!/usr/bin/env bash
# ./pmdi record --port /dev/pts/N [--baud B] | --tcp HOST:PORT | --file F [--follow] | --replay F [--speed X]
#               -o FILE [--duration S] [--flush-ms MS] [--no-reconnect]
# Crash-safe: after kill -9 the file holds every frame up to the last flush (<= --flush-ms old).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cp="$(java_classpath serial-bridge)"
exec java -cp "$cp" org.pmdi.bridge.cli.BridgeCli record "$@"
