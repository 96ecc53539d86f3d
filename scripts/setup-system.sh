#!/usr/bin/env bash
# Installs the Debian packages Sift's extractors and tests use. Safe to re-run: it installs only what is missing.
# Called by .ci/run; run it as root on a new machine to enable OCR of scanned PDFs, audio and legacy Office files
# (Sift reports a clear TOOL_MISSING error for a format whose tool is absent).
set -euo pipefail

wanted=(
  ffmpeg                    # audio decoding; webp/gif/tiff to PNG for OCR
  pocketsphinx              # offline speech recognition (pocketsphinx_continuous)
  pocketsphinx-en-us        # its English acoustic and language models
  poppler-utils             # pdftoppm: renders scanned PDF pages for OCR
  libreoffice-writer-nogui  # legacy .doc
  libreoffice-calc-nogui    # legacy .xls; spreadsheet test fixtures
  libreoffice-impress-nogui # legacy .ppt; presentation test fixtures
  qpdf                      # tests: makes an encrypted PDF
  espeak-ng                 # tests: speech with known text in English, Polish and German
  chromium                  # tests: the web UI end to end (playwright-core drives it)
  prometheus                # tests: promtool checks deploy/prometheus (and the metrics of #15)
  caddy                     # tests: `caddy adapt` checks deploy/Caddyfile
)

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: missing ${missing[*]}; install them with apt-get (as root) to enable those features" >&2
  exit 0
fi
echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
