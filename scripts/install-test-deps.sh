#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK and Maven, when missing, from Debian's packages:
# redis-server (the scaling tests start and stop their own), Chromium with its driver (the demo's
# browser test), and Node.js with npm (the TypeScript client is built and tested with them, and
# the AG-UI profile test validates frames with @ag-ui/core, installed by npm ci).
# Nothing downloads a browser or a Node.js of its own.
set -euo pipefail

# The TypeScript client needs Node 18 or newer.
node_too_old() {
  ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' 2>/dev/null
}

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  if node_too_old; then
    echo "The TypeScript client needs Node.js 18 or newer; this machine has $(node --version)." >&2
    exit 1
  fi
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "The tests need these Debian packages: ${missing[*]}; install them (as root) and re-run." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}"

if node_too_old; then
  echo "The TypeScript client needs Node.js 18 or newer; Debian's package gave $(node --version)." >&2
  exit 1
fi
