# Starts and stops a local Azurite (Azure Storage emulator) from the repo's own node_modules.
# Source this file, then: azurite_start <data-dir or "memory"> [blob-port queue-port table-port]; azurite_stop.
# With no ports given, three free loopback ports are picked. Exports AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT,
# AZURITE_TABLE_PORT and AZURITE_PID. Test runs also get AZURITE_ACCOUNTS: extra accounts (test01..test64)
# so every test fixture has storage of its own.

azurite_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();})"
}

azurite_test_accounts() {
  local list="" i name key
  for i in $(seq -w 1 64); do
    name="test$i"
    key=$(printf 'readiness-%s-key' "$name" | base64 | tr -d '\n')
    list="${list}${name}:${key};"
  done
  printf '%s' "${list%;}"
}

azurite_start() {
  local where="$1"
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  AZURITE_BLOB_PORT="${2:-$(azurite_free_port)}"
  AZURITE_QUEUE_PORT="${3:-$(azurite_free_port)}"
  AZURITE_TABLE_PORT="${4:-$(azurite_free_port)}"
  export AZURITE_BLOB_PORT AZURITE_QUEUE_PORT AZURITE_TABLE_PORT
  local storage_args=(--inMemoryPersistence)
  local log="${root}/.run/azurite-${AZURITE_BLOB_PORT}.log"
  mkdir -p "${root}/.run"
  if [ "$where" != "memory" ]; then
    mkdir -p "$where"
    storage_args=(--location "$where")
  fi
  "${root}/node_modules/.bin/azurite" "${storage_args[@]}" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$AZURITE_BLOB_PORT" --queuePort "$AZURITE_QUEUE_PORT" --tablePort "$AZURITE_TABLE_PORT" \
    --skipApiVersionCheck --loose --disableTelemetry >"$log" 2>&1 &
  AZURITE_PID=$!
  export AZURITE_PID
  local i
  for i in $(seq 1 100); do
    if grep -q "Table service is successfully listening" "$log" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "Azurite failed to start; its log ($log):" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "Azurite did not start within 10 s; see $log" >&2
  return 1
}

azurite_stop() {
  if [ -n "${AZURITE_PID:-}" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
}
