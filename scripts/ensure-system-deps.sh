#!/usr/bin/env bash
# Makes sure the system packages the tests need (Chromium, coturn, HAProxy, iproute2, Firefox ESR) are present, installing them when it can.
set -euo pipefail

missing=()
[ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# Firefox is only for the Firefox ↔ Chromium call test: when it cannot be installed that one test
# says it was skipped and everything else runs.
firefox_missing=0
[ -n "${FIREFOX_PATH:-}" ] && [ -x "${FIREFOX_PATH}" ] || command -v firefox-esr >/dev/null 2>&1 || firefox_missing=1

[ ${#missing[@]} -eq 0 ] && [ "$firefox_missing" = 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing test dependencies: ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
    # coturn's Debian package may start a system daemon on 3478; the tests run their own instances.
    # Likewise HAProxy's package may start a system proxy; the tests write and run their own.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now coturn haproxy >/dev/null 2>&1 || true; fi
  fi
  if [ "$firefox_missing" = 1 ]; then
    echo "Installing test dependency: firefox-esr"
    apt-get install -y -qq --no-install-recommends firefox-esr ||
      echo "firefox-esr could not be installed: the Firefox ↔ Chromium call test will be skipped" >&2
  fi
  exit 0
fi

if [ "$firefox_missing" = 1 ]; then
  echo "The Firefox ↔ Chromium call test needs firefox-esr and will be skipped without it. To run it:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y firefox-esr" >&2
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "The tests need: ${missing[*]}. Install them, then run npm test again:" >&2
echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
exit 1
