// Softmax cross-entropy: the loss of one prediction over the candidate words.
#pragma once

#include <Eigen/Dense>

namespace attn::train {

// logits: 1 x C, target in [0, C)  ->  loss = -log softmax(logits)[target];
// probs receives softmax(logits) (1 x C), which the backward pass needs.
double cross_entropy_forward(const Eigen::RowVectorXd& logits, int target,
                             Eigen::RowVectorXd& probs);

// ->  dlogits: 1 x C = probs - onehot(target)
Eigen::RowVectorXd cross_entropy_backward(const Eigen::RowVectorXd& probs, int target);

}  // namespace attn::train
