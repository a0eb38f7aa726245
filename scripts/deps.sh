#!/usr/bin/env bash
# deps.sh installs what building and testing gohmi needs on Debian/Ubuntu and
# does nothing when everything is already there. Called by `make deps`.
set -euo pipefail

# npm_peers installs the npm packages of the test peers (testpeers/*/package.json),
# pinned by their package-lock.json, when they are not installed yet.
npm_peers() {
  for lock in "$top"/testpeers/*/package-lock.json; do
    [ -f "$lock" ] || continue
    dir=$(dirname "$lock")
    if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules" ]; then
      echo "deps: npm ci in ${dir#$top/}"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules)
    fi
  done
}

pkgs=(
  gcc pkg-config
  libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
  xvfb x11-apps x11-utils xauth
  libmodbus-dev socat
)

top=$(cd "$(dirname "$0")/.." && pwd)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v node >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  npm_peers
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
npm_peers
