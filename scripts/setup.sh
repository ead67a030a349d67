#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 machine (as root):
# the C++/wasm toolchain and Chromium from Debian, the JS tools from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js 20 and npm come with the machine; Debian 12's own nodejs (18) is too old for Vite.
# clang, libclang-rt-14-dev (the ASan/UBSan/libFuzzer runtimes) and llvm-14 (llvm-symbolizer,
# for readable sanitizer reports): the sanitizer build and the fuzzer (scripts/sanitize.sh).
# fonts-lohit-deva: a Devanagari font, so headless Chromium draws the Hindi of the translator
# lesson in tests and screenshots instead of empty boxes.
apt_packages=(g++ cmake make emscripten libeigen3-dev catch2 chromium clang-format
  clang libclang-rt-14-dev llvm-14 fonts-lohit-deva)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# A clean install from the lock file, so every machine runs the same tools.
npm ci --no-audit --no-fund
