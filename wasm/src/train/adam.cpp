#include "attn/train/adam.hpp"

#include <cmath>

namespace attn::train {

Adam::Adam(double learning_rate, double beta1, double beta2, double eps)
    : Optimizer(learning_rate), beta1_(beta1), beta2_(beta2), eps_(eps) {}

void Adam::step(const std::vector<TensorView>& params, const std::vector<TensorView>& grads) {
  if (m_.empty()) {
    for (const auto& p : params) {
      m_.push_back(Eigen::VectorXd::Zero(p.size));
      v_.push_back(Eigen::VectorXd::Zero(p.size));
    }
  }
  decay_weights(params);
  ++t_;
  const double c1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
  const double c2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
  for (std::size_t i = 0; i < params.size(); ++i) {
    Eigen::Map<Eigen::VectorXd> p(params[i].data, params[i].size);
    Eigen::Map<const Eigen::VectorXd> g(grads[i].data, grads[i].size);
    m_[i] = beta1_ * m_[i] + (1.0 - beta1_) * g;
    v_[i] = beta2_ * v_[i] + (1.0 - beta2_) * g.cwiseAbs2();
    p.array() -= lr_ * (m_[i].array() / c1) / ((v_[i].array() / c2).sqrt() + eps_);
  }
}

// Assignments between vectors of equal sizes reuse their storage: no allocation per call.
void Adam::save() {
  saved_t_ = t_;
  saved_m_ = m_;
  saved_v_ = v_;
}

void Adam::restore() {
  t_ = saved_t_;
  m_ = saved_m_;
  v_ = saved_v_;
}

}  // namespace attn::train
