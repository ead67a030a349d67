#include "attn/positional_encoding.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace attn {

namespace {
// Guards the page against a request that would take seconds and gigabytes
// (e.g. a pasted 10,000-word text at width 10,000): 4 million entries = 32 MB.
constexpr long long kMaxEntries = 4'000'000;
}  // namespace

Eigen::MatrixXd positional_encoding(int n, int d) {
  if (n < 1)
    throw std::invalid_argument("n (the number of positions) must be at least 1, got " +
                                std::to_string(n));
  if (d < 1)
    throw std::invalid_argument("d (the width) must be at least 1, got " + std::to_string(d));
  if (static_cast<long long>(n) * d > kMaxEntries)
    throw std::invalid_argument("a positional encoding of " + std::to_string(n) + " x " +
                                std::to_string(d) + " is too large (at most " +
                                std::to_string(kMaxEntries) + " entries)");
  Eigen::MatrixXd pe(n, d);
  for (int j = 0; j < d; ++j) {
    // Columns 2i and 2i+1 share the frequency 1 / 10000^(2i/d).
    const int two_i = j - (j % 2);
    const double inv_freq = std::pow(10000.0, -static_cast<double>(two_i) / d);
    for (int pos = 0; pos < n; ++pos) {
      const double angle = pos * inv_freq;
      pe(pos, j) = (j % 2 == 0) ? std::sin(angle) : std::cos(angle);
    }
  }
  return pe;
}

}  // namespace attn
