#include "attn/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "attn/validate.hpp"

namespace attn {

namespace {

constexpr double kPi = 3.14159265358979323846;

void require_pair(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  require_vector(a, "a");
  require_vector(b, "b");
  require_same_length(a, "a", b, "b");
}

}  // namespace

double dot(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  require_pair(a, b);
  const double d = a.dot(b);
  if (!std::isfinite(d))
    throw std::invalid_argument(
        "the dot product overflowed (a result is too large to represent); use smaller numbers");
  return d;
}

Similarity similarity(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  Similarity s;
  s.dot = dot(a, b);
  s.terms = a.cwiseProduct(b);
  require_finite_result(s.terms, "a term a[i] * b[i]");
  // stableNorm rescales internally, so |1e200| does not overflow to infinity.
  s.norm_a = a.stableNorm();
  s.norm_b = b.stableNorm();
  if (s.norm_a > 0 && s.norm_b > 0) {
    // Divide one norm at a time: |a| |b| can overflow even when a.b does not.
    // Rounding can push the ratio a hair past +-1, where acos is undefined.
    const double c = std::clamp(s.dot / s.norm_a / s.norm_b, -1.0, 1.0);
    s.cosine = c;
    s.angle_degrees = std::acos(c) * (180.0 / kPi);
  }
  return s;
}

}  // namespace attn
