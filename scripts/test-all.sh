#!/usr/bin/env bash
# Lint and formatting first (they take seconds), then every test: native (Catch2 via CTest),
# the same suite under clang's sanitizers, a short libFuzzer run, the wasm module through the
# JS API (node:test, including a seeded fuzz test), the front end's modules without a browser
# (node:test), the TypeScript types, and the built site in headless Chromium (node:test +
# playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's wall time, so the cost of a step (against CI's time limit) is in every log.
step_start=$SECONDS
timed() {
  echo "   ($((SECONDS - step_start)) s)"
  step_start=$SECONDS
}
trap '[ $? -eq 0 ] && echo "== all passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"' EXIT

echo "== lint (ESLint, Prettier, clang-format)"
npm run --silent lint
timed

echo "== native build and Catch2 tests"
npm run --silent test:native
timed

echo "== Catch2 tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang)"
npm run --silent test:sanitize
timed

# Half a minute on both cores: the committed seeds, then new inputs. npm run fuzz runs longer.
echo "== libFuzzer over the C++ API and the declared models (${ATTN_FUZZ_SECONDS:-28} s, 2 processes)"
bash tests/fuzz/run.sh "${ATTN_FUZZ_SECONDS:-28}"
timed

echo "== wasm build"
npm run --silent build:wasm
timed

echo "== Node tests of the wasm module"
npm run --silent test:node
timed

echo "== TypeScript types (current with the engine's declarations; tsc on typed examples)"
npm run --silent test:types
timed

echo "== front-end modules without a browser"
npm run --silent test:web
timed

echo "== site build"
npm run --silent build:web
timed

echo "== browser tests"
npm run --silent test:browser
timed
