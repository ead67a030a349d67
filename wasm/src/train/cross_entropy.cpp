#include "attn/train/cross_entropy.hpp"

#include <cmath>

namespace attn::train {

double cross_entropy_forward(const Eigen::VectorXd& logits, int target, Eigen::VectorXd& probs) {
  // log-sum-exp shifted by the maximum: -log p_t = lse - z_t stays finite
  // even when p_t would underflow to 0.
  const double m = logits.maxCoeff();
  probs = (logits.array() - m).exp();
  const double sum = probs.sum();
  probs /= sum;
  return (m + std::log(sum)) - logits(target);
}

void cross_entropy_backward(const Eigen::VectorXd& probs, int target, double weight,
                            Eigen::VectorXd& dlogits) {
  dlogits = probs;
  dlogits(target) -= 1.0;
  dlogits *= weight;
}

}  // namespace attn::train
