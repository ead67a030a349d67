#include "attn/softmax.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "attn/validate.hpp"

namespace attn {

namespace {

// Scores may hold -infinity (masked positions); NaN and +infinity are errors.
void require_scores(const Eigen::VectorXd& x, const std::string& name) {
  if (x.size() == 0) throw std::invalid_argument(name + " is empty");
  bool any_finite = false;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x(i)))
      throw std::invalid_argument(name + " has NaN at entry " + std::to_string(i + 1) +
                                  "; every score must be a number");
    if (x(i) == std::numeric_limits<double>::infinity())
      throw std::invalid_argument(name + " has Infinity at entry " + std::to_string(i + 1) +
                                  "; only -Infinity (a masked position) is allowed");
    if (std::isfinite(x(i))) any_finite = true;
  }
  // Every position masked means there is nothing to attend to; any choice of
  // weights (uniform, all zero) would be invented, so it is reported instead.
  if (!any_finite)
    throw std::invalid_argument(name +
                                " is -Infinity everywhere (every position is masked); softmax "
                                "needs at least one finite score");
}

SoftmaxTrace trace_of(const Eigen::VectorXd& x, double temperature, int key_dim,
                      const std::string& name) {
  require_positive(temperature, "temperature");
  if (key_dim < 1)
    throw std::invalid_argument("d_k is " + std::to_string(key_dim) +
                                "; it must be a whole number of at least 1");
  require_scores(x, name);
  SoftmaxTrace t;
  t.divisor = temperature * std::sqrt(static_cast<double>(key_dim));
  // Both factors are finite, but their product need not be: an Infinity divisor would turn
  // -Infinity (a masked score) into -inf / inf = NaN and every weight with it.
  if (!std::isfinite(t.divisor)) {
    char factors[64];
    std::snprintf(factors, sizeof factors, "%g * sqrt(%d)", temperature, key_dim);
    throw std::invalid_argument(std::string("temperature * sqrt(d_k) overflowed (") + factors +
                                " is too large to represent); use a smaller temperature");
  }
  t.scaled = x / t.divisor;
  // A small temperature can push a large finite score to +-infinity; -infinity
  // would then pass for a masked position (and all of them would give 0/0).
  if ((x.array().isFinite() && !t.scaled.array().isFinite()).any())
    throw std::invalid_argument(name +
                                " / temperature overflowed (a result is too large to represent); "
                                "use a larger temperature or smaller scores");
  t.max = -std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < t.scaled.size(); ++i)
    if (std::isfinite(t.scaled(i)) && t.scaled(i) > t.max) t.max = t.scaled(i);
  // Every shifted entry is <= 0, so exp never overflows and the largest is exactly 1;
  // sum is therefore >= 1 and the division is safe. exp(-inf) = 0 for masked entries.
  t.shifted = t.scaled.array() - t.max;
  // std::exp, not Eigen's vectorised exp: the latter clamps its argument near
  // -709, so exp(-1068.5) would come out as ~1e-308 instead of exactly 0.
  t.exps = t.shifted.unaryExpr([](double v) { return std::exp(v); });
  t.sum = t.exps.sum();
  t.weights = t.exps / t.sum;
  return t;
}

}  // namespace

SoftmaxTrace softmax_trace(const Eigen::VectorXd& x, double temperature, int key_dim) {
  return trace_of(x, temperature, key_dim, "x");
}

Eigen::VectorXd softmax(const Eigen::VectorXd& x, double temperature) {
  return trace_of(x, temperature, 1, "x").weights;
}

namespace {

// plus_one: the row's extra score of 0 (softmax_plus_one_rows) enters the max and the sum.
Eigen::MatrixXd rows_of(const Eigen::MatrixXd& scores, double temperature, bool plus_one) {
  if (scores.rows() == 0 || scores.cols() == 0) throw std::invalid_argument("scores is empty");
  require_positive(temperature, "temperature");
  // The same arithmetic as trace_of, without its five vectors and the row's name per row: in
  // wasm those allocations cost more than the exps. Any row that needs an error message goes
  // through trace_of, which words it.
  const Eigen::Index cols = scores.cols();
  Eigen::MatrixXd weights(scores.rows(), cols);
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    bool ok = true;
    double max = -std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < cols; ++j) {
      const double x = scores(i, j);
      const double scaled = x / temperature;
      weights(i, j) = scaled;
      if (std::isnan(x) || x == std::numeric_limits<double>::infinity() ||
          (std::isfinite(x) && !std::isfinite(scaled)))
        ok = false;
      else if (std::isfinite(scaled) && scaled > max)
        max = scaled;
    }
    if (!ok || max == -std::numeric_limits<double>::infinity())
      trace_of(scores.row(i).transpose(), temperature, 1, "scores row " + std::to_string(i + 1));
    // With the extra 0 the shift is max(0, max): e^{0 - max} joins the sum.
    max = softmax_shift(max, plus_one);
    double sum = softmax_extra(max, plus_one);
    for (Eigen::Index j = 0; j < cols; ++j) {
      const double e = std::exp(weights(i, j) - max);  // std::exp: see trace_of
      weights(i, j) = e;
      sum += e;
    }
    for (Eigen::Index j = 0; j < cols; ++j) weights(i, j) /= sum;
  }
  return weights;
}

}  // namespace

Eigen::MatrixXd softmax_rows(const Eigen::MatrixXd& scores, double temperature) {
  return rows_of(scores, temperature, false);
}

Eigen::MatrixXd softmax_plus_one_rows(const Eigen::MatrixXd& scores, double temperature) {
  return rows_of(scores, temperature, true);
}

Eigen::MatrixXd softmax_rows_backward(const Eigen::MatrixXd& weights,
                                      const Eigen::MatrixXd& dweights, double temperature) {
  const Eigen::VectorXd row_dots = (weights.array() * dweights.array()).rowwise().sum();
  return (weights.array() * (dweights.colwise() - row_dots).array()) / temperature;
}

}  // namespace attn
