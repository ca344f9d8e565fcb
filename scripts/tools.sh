# Installs the repo's local tools from npm when they are missing or out of date: Azurite, and the page and email
# checkers of the tests (axe-core, accessibility-checker-engine, html-validate, doiuse-email, vnu-jar). No install
# script runs (.npmrc): vnu-jar's would download a Java runtime; the Nu HTML Checker runs on the machine's Java
# (java_install).
tools_install() {
  local root file
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local needed=(.bin/azurite axe-core/axe.min.js accessibility-checker-engine/ace.js html-validate/package.json
    doiuse-email/package.json vnu-jar/build/dist/vnu.jar)
  local missing=""
  for file in "${needed[@]}"; do
    if [ ! -e "$root/node_modules/$file" ]; then missing=1; fi
  done
  if [ -n "$missing" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
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

# The browser tests drive Debian's Chromium through Playwright (which never downloads a browser here). Installs the
# chromium package when it is missing and we are root; otherwise says how to.
browser_install() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)..."
    # On failure, fall through to the message below rather than stopping silently.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || true
  fi
  if [ ! -x "$chromium" ]; then
    echo "The browser tests need Chromium at $chromium. Install Debian's package as root: apt-get install -y chromium" >&2
    echo "(or set CHROMIUM_PATH to another Chromium)." >&2
    return 1
  fi
}

# The Nu HTML Checker (vnu.jar) needs Java 11 or later. Installs Debian's default-jre-headless when java is missing
# and we are root; otherwise says how to.
java_install() {
  if command -v java >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Java for the Nu HTML Checker (apt-get install default-jre-headless)..."
    # On failure, fall through to the message below rather than stopping silently.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null || true
  fi
  if ! command -v java >/dev/null; then
    echo "The page checks run the Nu HTML Checker, which needs Java 11 or later on the PATH." >&2
    echo "Install Debian's package as root: apt-get install -y default-jre-headless" >&2
    return 1
  fi
}

# Prints the path of a Python that can import scikit-learn and numpy (for ./bench.sh cluster-compare). Debian's
# python3-sklearn installs for /usr/bin/python3, which may not be the python3 on PATH (pyenv, venvs), so both are tried.
# Installs python3-sklearn when none has it and we are root; otherwise prints nothing and says how to.
sklearn_python() {
  local candidate
  for attempt in 1 2; do
    for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
      if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sklearn, numpy' 2>/dev/null; then
        echo "$candidate"
        return 0
      fi
    done
    if [ "$attempt" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing scikit-learn for the comparison (apt-get install python3-sklearn)..." >&2
      # On failure, fall through to the message below rather than stopping silently.
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn >/dev/null || true
    else
      break
    fi
  done
  echo "No Python with scikit-learn found (tried /usr/bin/python3 and python3 on PATH). Install Debian's package as root: apt-get install -y python3-sklearn" >&2
  return 1
}
