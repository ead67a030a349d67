#include "attn/positional_encoding.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "attn/validate.hpp"

namespace attn {

Eigen::MatrixXd positional_encoding(int n, int d) {
  if (n < 1)
    throw std::invalid_argument("n (the number of positions) must be at least 1, got " +
                                std::to_string(n));
  if (d < 1)
    throw std::invalid_argument("d (the width) must be at least 1, got " + std::to_string(d));
  require_dimension(n, "the encoding", "positions");
  require_dimension(d, "the encoding", "columns");
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
