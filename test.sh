#!/usr/bin/env bash
# Runs every test: installs the local tools (Azurite and axe-core from npm, Debian's Chromium for the browser tests),
# starts a private Azurite on free ports, runs dotnet test, stops Azurite.
# Extra arguments go to dotnet test (for example: ./test.sh --filter Scoring).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/tools.sh
source scripts/azurite.sh

tools_install
browser_install
AZURITE_ACCOUNTS="$(azurite_test_accounts)"
export AZURITE_ACCOUNTS
azurite_start memory
screenshots="${TMPDIR:-/tmp}"
screenshots="${screenshots%/}/readiness-survey-pages"
rm -rf "$screenshots"
finish() {
  azurite_stop
  if [ -d "$screenshots" ]; then echo "Survey page screenshots (phone and desktop): $screenshots"; fi
}
trap finish EXIT
echo "Azurite on 127.0.0.1 ports $AZURITE_BLOB_PORT (blob), $AZURITE_QUEUE_PORT (queue), $AZURITE_TABLE_PORT (table)"

dotnet test ReadinessPipeline.sln -c Release "$@"
