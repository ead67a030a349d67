#!/usr/bin/env bash
# Fuzzes the engine's C++ API, the trainer and the translator (tests/fuzz/engine_fuzz.cpp) with
# libFuzzer under ASan + UBSan for a while:
#   bash tests/fuzz/run.sh        # 600 s, or $ATTN_FUZZ_SECONDS (npm run fuzz)
#   bash tests/fuzz/run.sh 28     # 28 s (npm test)
# on both cores: libFuzzer's fork mode runs $ATTN_FUZZ_JOBS (default 2) fuzzing processes that
# share one corpus, so 28 s on 2 cores fuzzes about as many inputs as 55 s on one did.
# npm run fuzz then runs the JS API fuzz test with 120,000 calls ($ATTN_FUZZ_CALLS), e.g.
#   ATTN_FUZZ_SECONDS=3600 ATTN_FUZZ_CALLS=1000000 npm run fuzz
# Starts from the committed seeds (tests/fuzz/corpus, read only) and what earlier runs on this
# machine found (build/fuzz/corpus). A broken property or a sanitizer report stops the run and
# leaves the input in build/fuzz/crash-*; replay it with
#   build/sanitize/tests/fuzz/engine_fuzz build/fuzz/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-${ATTN_FUZZ_SECONDS:-600}}"
jobs="${ATTN_FUZZ_JOBS:-2}"

bash scripts/sanitize.sh --build-only >/dev/null
mkdir -p build/fuzz/corpus
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# -max_len 4096: enough for 4 heads of 8 x 8 matrices or a trainer session of several calls.
# -rss_limit_mb / -timeout: an input that needs more than 2 GB or 10 s is a bug too.
build/sanitize/tests/fuzz/engine_fuzz build/fuzz/corpus tests/fuzz/corpus \
  -fork="$jobs" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 -timeout=10 \
  -artifact_prefix=build/fuzz/ -print_final_stats=1 2>build/fuzz/log.txt || {
  tail -n 60 build/fuzz/log.txt
  echo "fuzz: failed; the input is in build/fuzz/ (crash-*, timeout-*, oom-*), the log in build/fuzz/log.txt" >&2
  exit 1
}
# Fork mode's progress lines: "#<inputs run>: cov: ... corp: ... exec/s ... time: <s>s".
grep -E '^#[0-9]+: cov:' build/fuzz/log.txt | tail -n 1 | sed 's/^/fuzz: /' || true
