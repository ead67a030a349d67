#!/usr/bin/env bash
# The Node tests of the wasm modules (npm run test:node): every file on the SIMD build (the one
# Node and current browsers load), then again on the plain build (ATTN_WASM_SIMD=0) every file
# whose results come from the engine's arithmetic, which -msimd128 changes (wasm/src/matmul.cpp
# sums in another order). Left out of the second run:
#   engine-api              the declarations, README's list and the Catch2 sources (text)
#   transformer-map-sizes   createTranslator()'s default sizes against content/ (no arithmetic)
#   translate-lexicon       the lexicon file as text
#   wasm-builds             loads both builds itself, by name
#   claims-trained-*       the lessons' claims about models trained for thousands of steps, the
#                           longest Node tests (on the plain build, the training arithmetic is
#                           held to native's by wasm-builds, and native trains to every target)
#   live-language-model     the live kit's messages around the model (its arithmetic is language-model's)
# A new test file runs on both builds unless it is added here. Two files at a time (each its own
# process, one core each; node --test's default on 2 cores is one).
set -euo pipefail
cd "$(dirname "$0")/.."

SAME_ON_BOTH_BUILDS='^tests/node/(claims-trained-[0-9]+|engine-api|live-language-model|transformer-map-sizes|translate-lexicon|wasm-builds)\.test\.mjs$'

node --test --test-concurrency=2 tests/node/
mapfile -t plain < <(ls tests/node/*.test.mjs | grep -Ev "$SAME_ON_BOTH_BUILDS")
ATTN_WASM_SIMD=0 node --test --test-concurrency=2 "${plain[@]}"
