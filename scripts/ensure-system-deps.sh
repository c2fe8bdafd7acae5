#!/usr/bin/env bash
# Makes sure the system packages the tests need (Chromium, coturn, HAProxy, iproute2) are present, installing them when it can.
set -euo pipefail

missing=()
[ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test dependencies: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # coturn's Debian package may start a system daemon on 3478; the tests run their own instances.
  # Likewise HAProxy's package may start a system proxy; the tests write and run their own.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now coturn haproxy >/dev/null 2>&1 || true; fi
  exit 0
fi

echo "The tests need: ${missing[*]}. Install them, then run npm test again:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
