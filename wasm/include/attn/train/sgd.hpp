// Stochastic gradient descent, optionally with (heavy-ball) momentum.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/train/optimizer.hpp"

namespace attn::train {

// momentum = 0:  p -= lr * g
// momentum > 0:  v = momentum * v + g;  p -= lr * v     (v starts at 0)
class Sgd : public Optimizer {
 public:
  Sgd(double learning_rate, double momentum = 0.0);
  void step(const std::vector<TensorView>& params, const std::vector<TensorView>& grads) override;
  void save() override { saved_velocity_ = velocity_; }
  void restore() override { velocity_ = saved_velocity_; }

 private:
  double momentum_;
  std::vector<Eigen::VectorXd> velocity_, saved_velocity_;
};

}  // namespace attn::train
