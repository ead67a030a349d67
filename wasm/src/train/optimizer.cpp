#include "attn/train/optimizer.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace attn::train {

Optimizer::Optimizer(double learning_rate) : lr_(0.0) { set_learning_rate(learning_rate); }

void Optimizer::set_learning_rate(double lr) {
  if (!std::isfinite(lr) || lr <= 0.0)
    throw std::invalid_argument("learning rate must be a finite number > 0, got " +
                                std::to_string(lr));
  lr_ = lr;
}

void Optimizer::set_weight_decay(double fraction) {
  if (!(fraction >= 0.0 && fraction <= 1.0))
    throw std::invalid_argument("weight decay must be a number from 0 to 1, got " +
                                std::to_string(fraction));
  weight_decay_ = fraction;
}

void Optimizer::decay_weights(const std::vector<TensorView>& params) const {
  if (weight_decay_ == 0.0) return;
  for (const auto& p : params) Eigen::Map<Eigen::VectorXd>(p.data, p.size) *= 1.0 - weight_decay_;
}

double clip_gradient_norm(const std::vector<TensorView>& grads, double max_norm) {
  double sq = 0.0;
  for (const auto& g : grads) sq += Eigen::Map<const Eigen::VectorXd>(g.data, g.size).squaredNorm();
  const double norm = std::sqrt(sq);
  if (norm > max_norm && norm > 0.0) {
    const double s = max_norm / norm;
    for (const auto& g : grads) Eigen::Map<Eigen::VectorXd>(g.data, g.size) *= s;
  }
  return norm;
}

}  // namespace attn::train
