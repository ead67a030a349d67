// Choosing the next token from a language model's logits: temperature, then top-k, then top-p
// (nucleus), then renormalising, as generation usually applies them; and a seeded draw.
// Pure functions of their inputs, each checked by hand in tests/native/test_lm_sampling.cpp.
#pragma once

#include <vector>

#include "attn/train/rng.hpp"

namespace attn::lm {

// softmax(logits / temperature), the largest logit shifted to 0 first; temperature > 0.
std::vector<double> softmax_with_temperature(const std::vector<double>& logits, double temperature);

// Keeps the k most probable entries (k <= 0 or k >= size: all; ties keep the lower index), the
// rest set to 0, and renormalises what is kept (the input unchanged when nothing is removed).
std::vector<double> top_k(const std::vector<double>& probs, int k);

// Keeps the most probable entries, largest first, until their sum reaches p (at least one is
// kept; ties in order of index), the rest set to 0, and renormalises (unchanged when p >= 1).
std::vector<double> top_p(const std::vector<double>& probs, double p);

struct SamplingOptions {
  double temperature = 1.0;  // > 0
  int top_k = 0;             // 0: off
  double top_p = 1.0;        // in (0, 1]; 1: off
};

// The three in order: top_p(top_k(softmax_with_temperature(logits, T), k), p).
std::vector<double> filtered_distribution(const std::vector<double>& logits,
                                          const SamplingOptions& options);

// An index drawn from probs (summing to 1) with one uniform number from rng: the first index
// whose cumulative probability exceeds it (never an index of probability 0).
int draw(const std::vector<double>& probs, train::Rng& rng);

}  // namespace attn::lm
