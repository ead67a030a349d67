// Finite-difference gradient checks shared by the trainer's and the translator's tests.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/train/params.hpp"
#include "budget.hpp"

// How many entries of each tensor get a finite difference: all of them (0) natively; under the
// sanitizers, where one loss takes 5-10x longer and the translator's checks took most of the
// suite's time, scripts/sanitize.sh sets ATTN_GRADIENT_ENTRIES. The analytic gradient is still
// computed in full there, so every line of every backward pass runs under ASan and UBSan; the
// comparison with finite differences over every entry is the native suite's.
inline long long gradient_entries() { return budget_from_env("ATTN_GRADIENT_ENTRIES", 2); }

// Central differences at `count` entries of each tensor (all when count is 0 or at least its
// size), spread from its first entry to its last; the other entries are copied from `rest`.
template <typename P, typename Loss>
P finite_differences(const P& params, Loss loss, const P& rest, long long count,
                     const std::vector<std::string>& only = {}) {
  const double h = 1e-5;
  P p = params;
  P g = rest;
  auto pv = tensors(p);
  auto gv = tensors(g);
  for (std::size_t t = 0; t < pv.size(); ++t) {
    if (!only.empty() && std::find(only.begin(), only.end(), pv[t].name) == only.end()) continue;
    const Eigen::Index size = pv[t].size;
    const Eigen::Index n = count > 0 ? std::min<Eigen::Index>(count, size) : size;
    for (Eigen::Index k = 0; k < n; ++k) {
      const Eigen::Index i = n == size ? k : (k * (size - 1)) / (n - 1);
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

// Every entry's central difference (h = 1e-5) of loss(params): error ~h^2, so a correct
// backward pass agrees to ~1e-9 relative, while a wrong factor or a missing term shows as O(1).
// P is a parameter set with tensors(P&) and zeros_like(const P&) beside it (found by argument-
// dependent lookup: attn::train::ClassifierParams, attn::translate::EncoderDecoderParams).
template <typename P, typename Loss>
P numeric_gradient(const P& params, Loss loss) {
  return finite_differences(params, loss, zeros_like(params), 0);
}

// numeric_gradient of the named tensors alone (every entry; the others left 0): for the tests
// that guard the check itself, which look at a few tensors.
template <typename P, typename Loss>
P numeric_gradient_of(const P& params, Loss loss, const std::vector<std::string>& names) {
  return finite_differences(params, loss, zeros_like(params), 0, names);
}

// numeric_gradient on the sanitizers' budget: gradient_entries() entries of each tensor (every
// entry natively), the rest copied from `analytic`, so that a relative error against it
// measures the differenced entries alone.
template <typename P, typename Loss>
P numeric_gradient_on_budget(const P& params, Loss loss, const P& analytic) {
  return finite_differences(params, loss, analytic, gradient_entries());
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
