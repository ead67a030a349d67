#!/usr/bin/env bash
# clang-format over every tracked C++ file (.clang-format at the repo root is the style).
# No argument: check only, fail listing each file that differs (npm run lint).
# --fix: rewrite the files in place (npm run format).
set -euo pipefail
cd "$(dirname "$0")/.."

# PERF-2 IN PROGRESS: another engineer is optimising these paths; they are formatted once their
# work lands, so until then they stay out of the check rather than conflict with their edits
# (attn::matmul and its test too: the training step's kernels are being added there).
excluded='^(wasm/src/train/|wasm/include/attn/train/|wasm/bindings/|tests/bench/|wasm/src/matmul\.cpp|wasm/include/attn/matmul\.hpp|tests/native/test_engine_matmul\.cpp)'

mapfile -t files < <(git ls-files '*.cpp' '*.hpp' | grep -Ev "$excluded" || true)
[ ${#files[@]} -gt 0 ] || exit 0

if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run -Werror "${files[@]}"
fi
