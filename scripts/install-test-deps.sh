#!/usr/bin/env bash
# Installs what the test suite needs beyond a JDK and Maven, when missing, from Debian's packages:
# redis-server (the scaling tests start and stop their own) and Chromium with its driver (the
# demo's browser test). Nothing downloads a browser of its own.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
[ ${#missing[@]} -eq 0 ] && exit 0

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
