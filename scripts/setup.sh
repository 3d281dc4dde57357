#!/usr/bin/env bash
# Idempotent setup for a fresh Debian machine: system packages, npm dependencies. Run by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
[ -e /usr/include/pcap/pcap.h ] || [ -e /usr/include/pcap.h ] || need+=(libpcap-dev)

if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "provbench setup: please install as root: apt-get install ${need[*]}" >&2
        need=()
      fi
    fi
    if [ ${#need[@]} -gt 0 ]; then
      echo "provbench setup: installing Debian packages: ${need[*]}"
      $sudo apt-get update -qq
      # tshark's installer asks whether non-root users may capture; answer for it.
      echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections 2>/dev/null || true
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
  else
    echo "provbench setup: not a Debian system; install these yourself: ${need[*]}" >&2
  fi
fi

# npm dependencies: install when missing or when the lockfile changed since the last install.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "provbench setup: installing npm dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
