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
  ++t_;
  const double c1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
  const double c2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
  // One pass per tensor (three Eigen statements were three passes over memory); a plain loop
  // the compiler vectorises, also in wasm, where Eigen has no SIMD.
  for (std::size_t i = 0; i < params.size(); ++i) {
    double* p = params[i].data;
    const double* g = grads[i].data;
    double* m = m_[i].data();
    double* v = v_[i].data();
    for (Eigen::Index k = 0; k < params[i].size; ++k) {
      m[k] = beta1_ * m[k] + (1.0 - beta1_) * g[k];
      v[k] = beta2_ * v[k] + (1.0 - beta2_) * (g[k] * g[k]);
      p[k] -= lr_ * (m[k] / c1) / (std::sqrt(v[k] / c2) + eps_);
    }
  }
}

}  // namespace attn::train
