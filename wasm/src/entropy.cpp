#include "attn/entropy.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "attn/validate.hpp"

namespace attn {

namespace {
// Softmax rows sum to 1 up to rounding (a few 1e-16); 1e-9 still catches hand-typed
// rows that are off, such as [0.3, 0.3, 0.3].
constexpr double kSumTolerance = 1e-9;

std::string precise_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}
}  // namespace

Eigen::VectorXd attention_entropy(const Eigen::MatrixXd& weights) {
  require_matrix(weights, "weights");
  Eigen::VectorXd entropy(weights.rows());
  for (Eigen::Index i = 0; i < weights.rows(); ++i) {
    const std::string row = "weights row " + std::to_string(i + 1);
    double sum = 0, h = 0;
    for (Eigen::Index j = 0; j < weights.cols(); ++j) {
      const double p = weights(i, j);
      if (p < 0)
        throw std::invalid_argument(row + " has " + precise_number(p) + " at column " +
                                    std::to_string(j + 1) +
                                    "; attention weights are never negative");
      sum += p;
      if (p > 0) h -= p * std::log2(p);  // p log p -> 0 as p -> 0, so a 0 weight adds nothing
    }
    if (std::abs(sum - 1) > kSumTolerance)
      throw std::invalid_argument(row + " sums to " + precise_number(sum) +
                                  "; the weights of a row must sum to 1");
    entropy(i) = h;
  }
  return entropy;
}

}  // namespace attn
