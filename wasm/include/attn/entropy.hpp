// How spread out each row of attention is: the Shannon entropy of its weights.
#pragma once

#include <Eigen/Dense>

namespace attn {

// One entropy per row, in bits: H = -sum_j p_j log2 p_j, with 0 log 0 = 0. 0 bits is a row
// that looks at one token only; log2(n) bits is a row spread evenly over n tokens.
// Every row must be a distribution: entries finite and >= 0, summing to 1 within 1e-9;
// anything else throws std::invalid_argument naming the row and what is wrong.
Eigen::VectorXd attention_entropy(const Eigen::MatrixXd& weights);

}  // namespace attn
