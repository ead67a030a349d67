// A learned linear map applied to every row (token): Y = X W + b.
#pragma once

#include <Eigen/Dense>
#include <optional>
#include <string>

namespace attn {

// Names used in error messages, e.g. {"X", "W_Q", "b_Q"} gives
// "W_Q has 3 rows but X has 4 columns".
struct LinearNames {
  std::string x = "X";
  std::string w = "W";
  std::string b = "b";
};

// X: n x d_in, W: d_in x d_out, b: d_out (optional, added to every row).
Eigen::MatrixXd linear(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W,
                       const std::optional<Eigen::VectorXd>& b = std::nullopt,
                       const LinearNames& names = {});

}  // namespace attn
