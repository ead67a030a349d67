#include "attn/lm/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace attn::lm {

namespace {

// Indices by probability, largest first; ties in order of index (stable).
std::vector<std::size_t> by_probability(const std::vector<double>& probs) {
  std::vector<std::size_t> order(probs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return probs[a] > probs[b]; });
  return order;
}

// Keeps the first `keep` entries of order, renormalised.
std::vector<double> keep_first(const std::vector<double>& probs,
                               const std::vector<std::size_t>& order, std::size_t keep) {
  std::vector<double> out(probs.size(), 0.0);
  double sum = 0.0;
  for (std::size_t i = 0; i < keep; ++i) sum += probs[order[i]];
  for (std::size_t i = 0; i < keep; ++i) out[order[i]] = probs[order[i]] / sum;
  return out;
}

}  // namespace

std::vector<double> softmax_with_temperature(const std::vector<double>& logits,
                                             double temperature) {
  if (!(temperature > 0.0) || !std::isfinite(temperature))
    throw std::invalid_argument("temperature must be a number > 0");
  if (logits.empty()) throw std::invalid_argument("no logits to sample from");
  const double max = *std::max_element(logits.begin(), logits.end());
  std::vector<double> out(logits.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < logits.size(); ++i)
    sum += out[i] = std::exp((logits[i] - max) / temperature);
  for (double& x : out) x /= sum;
  return out;
}

std::vector<double> top_k(const std::vector<double>& probs, int k) {
  if (k <= 0 || static_cast<std::size_t>(k) >= probs.size()) return probs;
  return keep_first(probs, by_probability(probs), static_cast<std::size_t>(k));
}

std::vector<double> top_p(const std::vector<double>& probs, double p) {
  if (!(p > 0.0)) throw std::invalid_argument("top-p must be in (0, 1]");
  if (p >= 1.0) return probs;
  const std::vector<std::size_t> order = by_probability(probs);
  double sum = 0.0;
  std::size_t keep = 0;
  while (keep < order.size() && (keep == 0 || sum < p)) sum += probs[order[keep++]];
  return keep == order.size() ? probs : keep_first(probs, order, keep);
}

std::vector<double> filtered_distribution(const std::vector<double>& logits,
                                          const SamplingOptions& o) {
  return top_p(top_k(softmax_with_temperature(logits, o.temperature), o.top_k), o.top_p);
}

int draw(const std::vector<double>& probs, train::Rng& rng) {
  const double u = rng.uniform();
  double sum = 0.0;
  int last = -1;
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (probs[i] <= 0.0) continue;
    last = static_cast<int>(i);
    sum += probs[i];
    if (u < sum) return last;
  }
  if (last < 0) throw std::invalid_argument("no token has a probability above 0");
  return last;  // u beyond the rounded total: the last possible token
}

}  // namespace attn::lm
