#!/usr/bin/env bash
# ./pmdi attach --port /dev/pts/N [--baud B] | --tcp HOST:PORT | --file F [--follow] | --replay F [--speed X]
#               [--record FILE] [--events] [--duration S] [--no-reconnect]
# Live progress on stderr; Ctrl-C finishes the recording (index and trailer).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cp="$(java_classpath serial-bridge)"
exec java -cp "$cp" org.pmdi.bridge.cli.BridgeCli attach "$@"
