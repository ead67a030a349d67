#include "attn/train/sgd.hpp"

#include <cmath>
#include <stdexcept>

namespace attn::train {

Sgd::Sgd(double learning_rate, double momentum) : Optimizer(learning_rate), momentum_(momentum) {
  if (!std::isfinite(momentum) || momentum < 0.0 || momentum >= 1.0)
    throw std::invalid_argument("momentum must be in [0, 1)");
}

void Sgd::step(const std::vector<TensorView>& params, const std::vector<TensorView>& grads) {
  decay_weights(params);
  if (momentum_ > 0.0 && velocity_.empty())
    for (const auto& p : params) velocity_.push_back(Eigen::VectorXd::Zero(p.size));
  for (std::size_t i = 0; i < params.size(); ++i) {
    Eigen::Map<Eigen::VectorXd> p(params[i].data, params[i].size);
    Eigen::Map<const Eigen::VectorXd> g(grads[i].data, grads[i].size);
    if (momentum_ > 0.0) {
      velocity_[i] = momentum_ * velocity_[i] + g;
      p -= lr_ * velocity_[i];
    } else {
      p -= lr_ * g;
    }
  }
}

}  // namespace attn::train
