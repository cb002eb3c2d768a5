#!/usr/bin/env bash
# Installs the load generator the benchmarks drive the server with (wrk), when missing.
# As root on Debian it installs it with apt-get; otherwise it says what to install.
set -euo pipefail

command -v wrk >/dev/null && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing wrk for the benchmarks"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
else
  echo "The benchmarks need wrk. On Debian or Ubuntu: sudo apt-get install wrk" >&2
  exit 1
fi
