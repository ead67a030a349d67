// Token embedding plus sinusoidal position: the input of the transformer.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/matmul.hpp"

namespace attn::train {

// table: vocab x d (learned), tokens: n ids, position: at least n x d (fixed,
// attn::positional_encoding)  ->  Xt: d x n, tokens as columns (attn/linear.hpp):
// Xt[:, i] = table[tokens[i]] + position[i]
void embedding_forward(const Eigen::MatrixXd& table, const std::vector<int>& tokens,
                       const Eigen::MatrixXd& position, MatrixOut Xt);

// dXt: d x n  ->  dtable[tokens[i]] += dXt[:, i]. A word used twice in a sentence
// collects both tokens' gradients; the positional part has no parameters.
void embedding_backward(const MatrixRef& dXt, const std::vector<int>& tokens,
                        Eigen::MatrixXd& dtable);

}  // namespace attn::train
