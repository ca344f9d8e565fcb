# Installs the repo's local tools (Azurite) from npm when they are missing or out of date.
tools_install() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ ! -x "$root/node_modules/.bin/azurite" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "Installing local tools (npm ci)..."
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Waits until an HTTP endpoint answers 200 (uses Node's fetch, so curl is not needed).
wait_for_http() {
  local url="$1" seconds="${2:-60}"
  node -e "
    const url = process.argv[1], deadline = Date.now() + Number(process.argv[2]) * 1000;
    (async () => {
      while (Date.now() < deadline) {
        try { const r = await fetch(url); if (r.ok) process.exit(0); } catch (e) {}
        await new Promise(r => setTimeout(r, 250));
      }
      console.error('No answer from ' + url); process.exit(1);
    })();" "$url" "$seconds"
}

# True when something already listens on a loopback TCP port.
port_in_use() {
  node -e "const s=require('net').connect(Number(process.argv[1]),'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));" "$1"
}
