#!/usr/bin/env bash
# Sets everything up, builds the package and serves the demo page against the embedded
# mock 4WS server (or a real 4WS host: see README, "The demo"). Prints the URL to open.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node www/server.mjs "$@"
