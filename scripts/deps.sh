#!/usr/bin/env bash
# deps.sh installs what building, or building and testing, gohmi needs on
# Debian/Ubuntu, and does nothing when everything is already there.
#
#   scripts/deps.sh build   the cgo toolchain and the X11/GL headers: enough for
#                           `make build` and `make run` (the demo needs nothing else)
#   scripts/deps.sh test    also the test peers: Xvfb and xwd (a real GL window),
#                           openbox, xdotool, xprop/xwininfo and xset (the kiosk
#                           window under a window manager), cage and Xwayland (the kiosk
#                           unit's compositor), libmodbus and socat (Modbus devices), Chromium (the
#                           web view's browser tests, headless), Node.js and the
#                           npm packages of testpeers/*/ (OPC UA server)
#
# `make deps` is `build`; the test and benchmark targets ask for `test`.
set -euo pipefail

mode=${1:-build}
build_pkgs=(
  gcc pkg-config
  libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
  libxfixes-dev libxext-dev
)
test_pkgs=(
  xvfb x11-apps x11-utils x11-xserver-utils xauth
  openbox xdotool
  cage xwayland
  libmodbus-dev socat
  chromium
)

case "$mode" in
build) pkgs=("${build_pkgs[@]}") ;;
test) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
*)
  echo "usage: scripts/deps.sh [build|test]" >&2
  exit 2
  ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)

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

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$mode" = test ]; then
  command -v node >/dev/null || missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$mode" = test ]; then
  npm_peers
fi
