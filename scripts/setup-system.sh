#!/usr/bin/env bash
# Installs the Debian packages Sift's extractors and tests use. Safe to re-run: it installs only what is missing.
# Called by .ci/run; run it by hand (as root) on a new machine for OCR of PDFs, audio and legacy Office files.
set -euo pipefail

packages=()
need() { # need <command-or-path> <debian-package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then packages+=("$2"); fi
}
# (issue 3 adds ffmpeg, pocketsphinx, libreoffice; the web issue adds chromium)

if [ ${#packages[@]} -eq 0 ]; then
  echo "setup-system: nothing to install"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: missing ${packages[*]}; run as root (or install them with apt-get) to enable those features" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
