#!/usr/bin/env bash
# ./pmdi view [TRACE [--compare NEW]] [--attach SPEC] [--record FILE]: the JavaFX viewer.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	die "no display (\$DISPLAY is not set): the viewer needs a screen. Use ./pmdi report TRACE for the text report, or run under xvfb-run -a"
fi
cp="$(java_classpath viewer-app)"
exec java ${PMDI_VIEWER_JAVA_OPTS:-} -Dpmdi.root="$PMDI_ROOT" -cp "$cp" org.pmdi.viewer.app.Launcher "$@"
