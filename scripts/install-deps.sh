#!/usr/bin/env bash
# Installs what migc needs to build and test on Debian 12 (run as root; a no-op otherwise
# when everything is already there).
set -euo pipefail
packages=(cmake make gcc pkg-config python3 libyaml-dev libpq-dev liblua5.4-dev postgresql-15
          postgresql-client-15 clang-format valgrind clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm (for squawk-cli, the SQL linter the tests run on `sql --unguarded`): Debian's package only
# when no npm is installed already (a Node.js from elsewhere would conflict with it).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
