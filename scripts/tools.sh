#!/usr/bin/env bash
# The host-side tools (viewer, bridge, report, export), run from the Java build.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cmd="$1"
shift
launcher="$PMDI_ROOT/scripts/run-$cmd.sh"
[ -x "$launcher" ] || die "'$cmd' is not available yet: see the open issues (./pmdi --help)"
exec "$launcher" "$@"
