// Convergence tests (Catch2 tag [convergence]) train a model until it meets the targets the
// lessons promise: about a minute natively, but several minutes under AddressSanitizer, where
// the same arithmetic runs 5-10x slower and nothing new is learnt from the thousandth step.
//
// So the native suite runs them in full, and scripts/sanitize.sh sets ATTN_CONVERGENCE_STEPS to
// run them on a step budget: the same calls in the same order (step, evaluate, predict,
// attention, the cross-attention report) for that many steps. A model trained for a few steps
// cannot meet the targets, so the targets are left to the native run; everything else is still
// checked (shapes, ranges, finite numbers), and every memory access by the sanitizers.
//
// What the budget leaves out, measured with gcov (g++ --coverage, the four [convergence] tests
// alone, full against ATTN_CONVERGENCE_STEPS=30 as scripts/sanitize.sh sets it): every one of
// the 1,624 lines of wasm/src the full runs execute, and 1,356 of their 1,357 branches taken;
// the one left is a held-out sentence translated exactly right (translator.cpp's evaluate()),
// the outcome of comparing two vectors, not a path through new memory.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "budget.hpp"

namespace convergence {

// The step budget from ATTN_CONVERGENCE_STEPS, or 0 when the tests run in full (unset).
inline long long budget() { return budget_from_env("ATTN_CONVERGENCE_STEPS", 1); }

inline bool budgeted() { return budget() > 0; }

// How many steps a test that would train for `full` steps trains for.
inline long long steps(long long full) {
  const long long b = budget();
  return b > 0 && b < full ? b : full;
}

}  // namespace convergence
