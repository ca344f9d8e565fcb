#!/usr/bin/env bash
# Runs every test: installs the local tools (Azurite and the page and email checkers from npm, Debian's Chromium for
# the browser tests, Java for the Nu HTML Checker), starts a private Azurite on free ports, runs dotnet test, stops
# Azurite, then runs the Nu HTML Checker once over every page the browser tests checked.
# Extra arguments go to dotnet test (for example: ./test.sh --filter Scoring).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/tools.sh
source scripts/azurite.sh

tools_install
browser_install
java_install
AZURITE_ACCOUNTS="$(azurite_test_accounts)"
export AZURITE_ACCOUNTS
azurite_start memory
screenshots="${TMPDIR:-/tmp}"
screenshots="${screenshots%/}/readiness-survey-pages"
# The served markup of every page the browser tests check, for the Nu HTML Checker's one run at the end.
# A folder of its own per run, so two test runs on one machine never mix their pages.
READINESS_CHECKED_PAGES="$(mktemp -d "${TMPDIR:-/tmp}/readiness-checked-pages.XXXXXX")"
export READINESS_CHECKED_PAGES
rm -rf "$screenshots"
finish() {
  azurite_stop
  if [ -d "$screenshots" ]; then echo "Survey page screenshots (phone and desktop): $screenshots"; fi
}
trap finish EXIT
echo "Azurite on 127.0.0.1 ports $AZURITE_BLOB_PORT (blob), $AZURITE_QUEUE_PORT (queue), $AZURITE_TABLE_PORT (table)"

dotnet test ReadinessPipeline.sln -c Release "$@"
node tests/checkers/nu-check.mjs "$READINESS_CHECKED_PAGES"
# Kept when the check fails, so its findings can be looked at.
rm -rf "$READINESS_CHECKED_PAGES"
