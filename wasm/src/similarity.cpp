#include "attn/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

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
  // stableNorm rescales internally, so |1e200| does not overflow to infinity; a length
  // past DBL_MAX (entries near 1e308) still would, and is reported like an overflowing dot.
  s.norm_a = a.stableNorm();
  s.norm_b = b.stableNorm();
  for (const auto& [norm, name] : {std::pair{s.norm_a, "a"}, std::pair{s.norm_b, "b"}})
    if (!std::isfinite(norm))
      throw std::invalid_argument(std::string("the length of ") + name +
                                  " overflowed (a result is too large to represent); use "
                                  "smaller numbers");
  if (s.norm_a > 0 && s.norm_b > 0) {
    // The cosine does not depend on the lengths, so it is computed from a / max|a| and
    // b / max|b|: a.b itself underflows for tiny vectors ((1e-200, 0) . (1e-200, 0) = 0) or
    // keeps only a few bits in the subnormal range. Scaled, each norm lies in [1, sqrt(n)], so
    // a term that still underflows is below 1e-308 of them and cannot move the cosine.
    // Rounding can push the ratio a hair past +-1, where acos is undefined.
    const Eigen::VectorXd ua = a / a.cwiseAbs().maxCoeff();
    const Eigen::VectorXd ub = b / b.cwiseAbs().maxCoeff();
    const double c = std::clamp(ua.dot(ub) / ua.norm() / ub.norm(), -1.0, 1.0);
    s.cosine = c;
    s.angle_degrees = std::acos(c) * (180.0 / kPi);
  }
  return s;
}

}  // namespace attn
