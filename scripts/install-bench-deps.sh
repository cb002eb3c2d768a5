#!/usr/bin/env bash
# Installs what the benchmarks need, when missing: the load generator they drive the server
# with (wrk) and the browser Lighthouse measures the patient app in (chromium).
# As root on Debian it installs them with apt-get; otherwise it says what to install.
set -euo pipefail

missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} for the benchmarks"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The benchmarks need ${missing[*]}. On Debian or Ubuntu: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
