#!/usr/bin/env bash
# cross-deps.sh installs the cross compilers and target libraries for
# `make cross`: mingw-w64 for windows/amd64, and gcc-aarch64 with the arm64
# X11/GL headers (multiarch) for linux/arm64 panels. It does nothing when
# they are there.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
if ! command -v aarch64-linux-gnu-gcc >/dev/null || ! dpkg-query -W libgl1-mesa-dev:arm64 libxfixes-dev:arm64 >/dev/null 2>&1; then
  dpkg --print-foreign-architectures | grep -q arm64 || $sudo dpkg --add-architecture arm64
  need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross
    libgl1-mesa-dev:arm64 libx11-dev:arm64 libxcursor-dev:arm64 libxrandr-dev:arm64
    libxinerama-dev:arm64 libxi-dev:arm64 libxxf86vm-dev:arm64
    libxfixes-dev:arm64 libxext-dev:arm64)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "cross-deps: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
