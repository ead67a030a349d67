#!/usr/bin/env bash
# The engine under clang's AddressSanitizer and UndefinedBehaviorSanitizer, in build/sanitize:
#   bash scripts/sanitize.sh               # build, then run the Catch2 suite (npm run test:sanitize)
#   bash scripts/sanitize.sh --build-only  # build only (tests/fuzz/run.sh uses this)
# The same build holds the libFuzzer harness (tests/fuzz). -O1 with line tables only (file:line in
# every report) compiles in about half the time of -O2 -g and still runs the suite quickly; NDEBUG
# is left out so Eigen's own assertions (shapes, indices) are checked too.
# Any report fails the run: -fno-sanitize-recover=all makes UBSan abort like ASan.
set -euo pipefail
cd "$(dirname "$0")/.."

CC=clang CXX=clang++ cmake -S . -B build/sanitize -DATTN_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
cmake --build build/sanitize -j2 --target engine_tests train_tests translate_tests lm_tests engine_fuzz

[ "${1:-}" = "--build-only" ] && exit 0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The convergence tests ([convergence]: a model trained until it meets the lessons' targets) ran
# 1,500-20,000 steps here, most of this run's time (the translator's alone 142 s of 219 s). The
# native suite runs them in full; here they make the same calls for this many steps (see
# tests/native/convergence.hpp for what is still checked). ATTN_CONVERGENCE_STEPS= (empty) runs
# them in full under the sanitizers too.
export ATTN_CONVERGENCE_STEPS="${ATTN_CONVERGENCE_STEPS-30}"
# The trainer's and translator's gradient checks difference 16 entries of each tensor here (every
# entry natively), while their backward passes run in full: tests/native/gradient_check.hpp.
# ATTN_GRADIENT_ENTRIES= (empty) differences every entry under the sanitizers too.
export ATTN_GRADIENT_ENTRIES="${ATTN_GRADIENT_ENTRIES-16}"
# The attention head's backward pass is checked on 100 random cases of each of its 32 shape
# options natively (test_engine_attention_backward.cpp); 10 of each here. ATTN_GRADIENT_CASES=
# (empty) runs all 100.
export ATTN_GRADIENT_CASES="${ATTN_GRADIENT_CASES-10}"
# Tiled attention is checked against the plain path at n = 1,024 on five block sizes, causal
# and not, natively (test_engine_tiled_attention.cpp; a million tiles at block size 1), 0.7 s;
# here at n = 192 (0.6 s; two of them at 1,024 took 6 s). ATTN_TILED_TOKENS= (empty): 1,024.
export ATTN_TILED_TOKENS="${ATTN_TILED_TOKENS-192}"
ctest --test-dir build/sanitize --output-on-failure -j2
