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
