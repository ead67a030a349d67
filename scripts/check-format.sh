#!/usr/bin/env bash
# clang-format over every tracked C++ file (.clang-format at the repo root is the style).
# No argument: check only, fail listing each file that differs (npm run lint).
# --fix: rewrite the files in place (npm run format).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
[ ${#files[@]} -gt 0 ] || exit 0

if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run -Werror "${files[@]}"
fi
