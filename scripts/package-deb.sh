#!/usr/bin/env bash
# Builds Naql's Debian package with cargo-deb, installs it on this machine (root, or sudo) and
# checks what it installed: the binary runs, the desktop entry is valid, the icon is there.
# Not part of .ci/run (a release build and cargo-deb's own build would double CI's time);
# README ("Install") says how long it takes.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi

need=()
command -v dpkg-shlibdeps >/dev/null 2>&1 || need+=(dpkg-dev)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
if [ ${#need[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v cargo-deb >/dev/null 2>&1 || cargo install cargo-deb --locked

# cargo deb prints the package's path last (under $CARGO_TARGET_DIR when that is set).
deb=$(cargo deb --locked | tail -n 1)
echo "package: $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
dpkg-deb --contents "$deb"

$sudo dpkg -i "$deb"
/usr/bin/naql --version
desktop-file-validate /usr/share/applications/naql.desktop
test -s /usr/share/icons/hicolor/256x256/apps/naql.png
test -s /usr/share/icons/hicolor/scalable/apps/naql.svg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/naql sample "$tmp/sample"
/usr/bin/naql check "$tmp/sample"
echo "built, installed and checked in $(( $(date +%s) - started )) s"
