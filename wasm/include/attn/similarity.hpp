// How alike two vectors are: the dot product and the cosine of their angle.
#pragma once

#include <Eigen/Dense>
#include <optional>

namespace attn {

// a . b = sum_i a[i] b[i]. Throws std::invalid_argument on empty, unequal-length
// or non-finite vectors, or if the sum overflows.
double dot(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

struct Similarity {
  double dot = 0.0;
  // cos(angle) = a.b / (|a| |b|), computed on a and b scaled to a largest entry of 1, so it
  // is right for tiny and huge vectors even when `dot` underflows to 0. A zero vector has no
  // direction, so cosine and angle are empty (null in JS) rather than NaN when either norm is 0.
  std::optional<double> cosine;
  double norm_a = 0.0;
  double norm_b = 0.0;
  std::optional<double> angle_degrees;
  Eigen::VectorXd terms;  // terms[i] = a[i] * b[i]; they sum to dot
};

// Throws std::invalid_argument as dot() does, and if a length |a| or |b| overflows.
Similarity similarity(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

}  // namespace attn
