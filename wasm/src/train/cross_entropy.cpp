#include "attn/train/cross_entropy.hpp"

#include <cmath>

namespace attn::train {

double cross_entropy_forward(const Eigen::RowVectorXd& logits, int target,
                             Eigen::RowVectorXd& probs) {
  // log-sum-exp shifted by the maximum: -log p_t = lse - z_t stays finite
  // even when p_t would underflow to 0.
  const double m = logits.maxCoeff();
  probs = (logits.array() - m).exp();
  const double sum = probs.sum();
  probs /= sum;
  return (m + std::log(sum)) - logits(target);
}

Eigen::RowVectorXd cross_entropy_backward(const Eigen::RowVectorXd& probs, int target) {
  Eigen::RowVectorXd d = probs;
  d(target) -= 1.0;
  return d;
}

}  // namespace attn::train
