#!/usr/bin/env bash
# Runs the product locally.
#   ./run.sh        Azurite (data kept in .azurite/) and the app on http://localhost:7071; prints practice survey links.
#                   Stop with Ctrl+C.
#   ./run.sh demo   A complete simulated round on fresh storage: a network of 14 fictional schools, invitations,
#                   answers through the real HTTP endpoints and queues, close, profiles, and the emailed reports in
#                   .demo/outbox/. Prints a summary table and stops.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/tools.sh
source scripts/azurite.sh

mode="${1:-serve}"
case "$mode" in
  serve|demo) ;;
  *) echo "usage: ./run.sh [demo]" >&2; exit 2 ;;
esac

tools_install
echo "Building..."
dotnet build src/Functions -c Release -o .run/functions -v q -nologo
dotnet build src/Cli -c Release -o .run/cli -v q -nologo

APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  azurite_stop
}
trap cleanup EXIT

if port_in_use 7071; then
  echo "Port 7071 is already in use; stop the other process first." >&2
  exit 1
fi

if [ "$mode" = demo ]; then
  rm -rf .demo
  mkdir -p .demo
  azurite_start memory
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${AZURITE_TABLE_PORT}/devstoreaccount1;"
  export Email__OutboxDirectory="$PWD/.demo/outbox"
  export Logging__LogLevel__Default=Warning
elif port_in_use 10000; then
  echo "Something already listens on port 10000; using it as Azure Storage (Azurite)."
  export AzureWebJobsStorage="UseDevelopmentStorage=true"
  export Email__OutboxDirectory="$PWD/.outbox"
else
  azurite_start .azurite 10000 10001 10002
  echo "Azurite started (data in .azurite/)."
  export AzureWebJobsStorage="UseDevelopmentStorage=true"
  export Email__OutboxDirectory="$PWD/.outbox"
fi

# A coach key for local use, made once and kept in .run/ (the app only gets its SHA-256).
if [ ! -s .run/coach-key ]; then
  node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))" > .run/coach-key
fi
READINESS_COACH_KEY="$(cat .run/coach-key)"
export READINESS_COACH_KEY
export Coach__KeyHashes__0="local:$(node -e "process.stdout.write(require('crypto').createHash('sha256').update(process.argv[1]).digest('hex'))" "$READINESS_COACH_KEY"):*"

dotnet .run/functions/ReadinessPipeline.Functions.dll &
APP_PID=$!
wait_for_http http://localhost:7071/api/health 60

if [ "$mode" = demo ]; then
  dotnet .run/cli/readiness.dll demo --outbox .demo/outbox --base-url http://localhost:7071
  exit 0
fi

echo
echo "The app is running on http://localhost:7071. Practice survey links for a sample school:"
dotnet .run/cli/readiness.dll sample-round --base-url http://localhost:7071 --storage "$AzureWebJobsStorage"
echo
echo "Scores land in Table storage (table 'Scores') a moment after each submission; emails in .outbox/."
echo "Coaches' dashboard: http://localhost:7071/api/dashboard (sign in with the coach key $READINESS_COACH_KEY)"
echo "Coach API description (OpenAPI 3.1): http://localhost:7071/api/openapi.json"
echo "Coach commands: export READINESS_COACH_KEY=$READINESS_COACH_KEY, then for example"
echo "  dotnet .run/cli/readiness.dll networks create my-network --name \"My network\""
echo "Press Ctrl+C to stop."
wait "$APP_PID"
