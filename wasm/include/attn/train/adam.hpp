// Adam (Kingma & Ba, 2015): per-parameter step sizes from running gradient moments.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/train/optimizer.hpp"

namespace attn::train {

// t += 1;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
// p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
class Adam : public Optimizer {
 public:
  Adam(double learning_rate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);
  void step(const std::vector<TensorView>& params, const std::vector<TensorView>& grads) override;
  void save() override;
  void restore() override;

 private:
  double beta1_, beta2_, eps_;
  long t_ = 0, saved_t_ = 0;
  std::vector<Eigen::VectorXd> m_, v_, saved_m_, saved_v_;
};

}  // namespace attn::train
