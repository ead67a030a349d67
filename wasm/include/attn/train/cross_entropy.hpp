// Softmax cross-entropy: the loss of one prediction over the candidate words.
#pragma once

#include <Eigen/Dense>

namespace attn::train {

// logits: C, target in [0, C)  ->  loss = -log softmax(logits)[target];
// probs receives softmax(logits) (C), which the backward pass needs.
double cross_entropy_forward(const Eigen::VectorXd& logits, int target, Eigen::VectorXd& probs);

// ->  dlogits: C = weight * (probs - onehot(target))
void cross_entropy_backward(const Eigen::VectorXd& probs, int target, double weight,
                            Eigen::VectorXd& dlogits);

}  // namespace attn::train
