#!/usr/bin/env bash
# Builds the two WebAssembly modules with Emscripten (wasm/wasm.cmake), each twice:
# build/wasm*/attention.{mjs,wasm} (engine + trainer + translator: Node, the training workers)
# and build/wasm*/engine.{mjs,wasm} (the engine alone: the lessons' page).
#   bash scripts/build-wasm.sh            # both builds below (npm run build:wasm)
#   bash scripts/build-wasm.sh --scalar   # no SIMD      -> build/wasm/
#   bash scripts/build-wasm.sh --simd     # -msimd128    -> build/wasm-simd/
# -msimd128 compiles the matrix-product kernel in wasm/src/matmul.cpp (Eigen has no wasm
# SIMD backend). The loaders (wasm/js/node.js, wasm/js/browser.js, and wasm/js/wasm-url.js
# for the bytes the page hands the training workers) use the SIMD build where the engine supports
# WebAssembly SIMD and the plain one elsewhere; the site ships both and fetches one.
# Extra arguments after the flag go to CMake (e.g. -DATTN_EXCEPTIONS=js).
#
# Debian's Emscripten 3.1.6 ships its system libraries prebuilt in a frozen
# cache (/usr/share/emscripten/cache, FROZEN_CACHE = True in .emscripten), so a
# fresh machine compiles no libraries: a clean build is ~20-30 s on 2 cores.
# A flag that needs a library variant Debian does not ship fails at once with
# "FROZEN_CACHE is set, but cache file is missing"; the flags used here
# (-fwasm-exceptions, -msimd128, embind) all link against shipped variants.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  --simd) variant=wasm-simd simd=ON; shift ;;
  --scalar) variant=wasm simd=OFF; shift ;;
  *)
    # Both at once: each spends part of its time on one core (CMake's checks, linking and
    # wasm-opt), which the other fills (measured on 2 cores: 99 s, against 104 s one after the other).
    bash "$0" --scalar "$@" &
    scalar=$!
    bash "$0" --simd "$@" &
    simd=$!
    status=0
    wait "$scalar" || status=$?
    wait "$simd" || status=$?
    [ "$status" -eq 0 ] || exit "$status"
    # The page and the live models' worker load one JS glue file for both binaries
    # (wasm/js/browser.js, web/src/live/worker.js): true while -msimd128
    # changes only the code, checked here so a toolchain change cannot break it quietly.
    for module in attention engine; do
      if ! cmp -s "build/wasm/$module.mjs" "build/wasm-simd/$module.mjs"; then
        echo "build-wasm: build/wasm/$module.mjs and build/wasm-simd/$module.mjs differ;" \
          "the loaders assume one glue file serves both builds" >&2
        exit 1
      fi
    done
    exit 0
    ;;
esac

# emcc's JS optimiser needs acorn, which Debian ships under /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# Under emcmake, find_package is confined to Emscripten's sysroot, so Eigen's
# config is pointed at explicitly (Eigen is header-only: the host copy works).
emcmake cmake -S . -B "build/$variant-cmake" \
  -DCMAKE_BUILD_TYPE=Release \
  -DEigen3_DIR=/usr/share/eigen3/cmake \
  -DBUILD_TESTING=OFF \
  -DATTN_SIMD="$simd" \
  "$@" >/dev/null
cmake --build "build/$variant-cmake" -j2 --target attention engine

mkdir -p "build/$variant"
for module in attention engine; do
  cp "build/$variant-cmake/$module.mjs" "build/$variant-cmake/$module.wasm" "build/$variant/"
  echo "build-wasm: build/$variant/$module.mjs, $module.wasm ($(stat -c %s "build/$variant/$module.wasm") bytes)"
done

