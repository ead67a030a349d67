#!/usr/bin/env bash
# Lint and formatting first (they take seconds), then every test: native (Catch2 via CTest),
# the wasm module through the JS API (node:test), the front end's modules without a browser
# (node:test), and the built site in headless Chromium (node:test + playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint (ESLint, Prettier, clang-format)"
npm run --silent lint

echo "== native build and Catch2 tests"
npm run --silent test:native

echo "== wasm build"
npm run --silent build:wasm

echo "== Node tests of the wasm module"
npm run --silent test:node

echo "== TypeScript types (current with the engine's declarations; tsc on typed examples)"
npm run --silent test:types

echo "== front-end modules without a browser"
npm run --silent test:web

echo "== site build"
npm run --silent build:web

echo "== browser tests"
npm run --silent test:browser
