// Token embedding plus sinusoidal position: the input rows of the transformer.
#pragma once

#include <Eigen/Dense>
#include <vector>

namespace attn::train {

// table: vocab x d (learned), tokens: n ids, position: at least n x d (fixed,
// attn::positional_encoding)  ->  X: n x d, X[i] = table[tokens[i]] + position[i]
Eigen::MatrixXd embedding_forward(const Eigen::MatrixXd& table, const std::vector<int>& tokens,
                                  const Eigen::MatrixXd& position);

// dX: n x d  ->  dtable[tokens[i]] += dX[i]. A word used twice in a sentence
// collects both rows' gradients; the positional part has no parameters.
void embedding_backward(const Eigen::MatrixXd& dX, const std::vector<int>& tokens,
                        Eigen::MatrixXd& dtable);

}  // namespace attn::train
