// Finite-difference gradient checks shared by the trainer's and the translator's tests.
#pragma once

#include <Eigen/Dense>
#include <algorithm>

#include "attn/train/params.hpp"

// Every entry's central difference (h = 1e-5) of loss(params): error ~h^2, so a correct
// backward pass agrees to ~1e-9 relative, while a wrong factor or a missing term shows as O(1).
// P is a parameter set with tensors(P&) and zeros_like(const P&) beside it (found by argument-
// dependent lookup: attn::train::ClassifierParams, attn::translate::EncoderDecoderParams).
template <typename P, typename Loss>
P numeric_gradient(const P& params, Loss loss) {
  const double h = 1e-5;
  P p = params;
  P g = zeros_like(p);
  auto pv = tensors(p);
  auto gv = tensors(g);
  for (std::size_t t = 0; t < pv.size(); ++t) {
    for (Eigen::Index i = 0; i < pv[t].size; ++i) {
      const double keep = pv[t].data[i];
      pv[t].data[i] = keep + h;
      const double up = loss(p);
      pv[t].data[i] = keep - h;
      const double down = loss(p);
      pv[t].data[i] = keep;
      gv[t].data[i] = (up - down) / (2 * h);
    }
  }
  return g;
}

inline double norm(const attn::train::TensorView& t) {
  return Eigen::Map<const Eigen::VectorXd>(t.data, t.size).norm();
}

// ||a - b|| / max(||a||, ||b||)
inline double relative_error(const attn::train::TensorView& a, const attn::train::TensorView& b) {
  const double diff = (Eigen::Map<const Eigen::VectorXd>(a.data, a.size) -
                       Eigen::Map<const Eigen::VectorXd>(b.data, b.size))
                          .norm();
  return diff / std::max(norm(a), norm(b));
}
