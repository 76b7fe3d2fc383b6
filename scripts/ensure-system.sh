#!/usr/bin/env bash
# Installs the system packages the browser and PostgreSQL suites need, from Debian's
# packages, when they are missing. Needs root (CI runs as root); otherwise says what to do.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present: chromium, postgresql"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; else
    echo "missing system packages: ${need[*]} — run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
else SUDO=; fi
echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# With recommends: Chromium's fonts-liberation, whose metrics the layout tests (wrapping at
# 320 px, kiosk faces in one row) were written against.
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
