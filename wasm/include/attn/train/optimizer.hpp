// What every optimiser does: move parameters against their gradients.
#pragma once

#include <vector>

#include "attn/train/params.hpp"

namespace attn::train {

class Optimizer {
 public:
  explicit Optimizer(double learning_rate);
  virtual ~Optimizer() = default;

  // params[i] and grads[i] are the same tensor (same name and size); the
  // list must be the same from call to call (state is kept by position).
  virtual void step(const std::vector<TensorView>& params,
                    const std::vector<TensorView>& grads) = 0;

  // Keeps a copy of the state (moments, step count) for restore(): the trainer takes a
  // multi-step call back as a whole when one of its steps diverges.
  virtual void save() = 0;
  virtual void restore() = 0;

  // Changeable while training (the demo's slider). Throws unless finite and > 0.
  void set_learning_rate(double lr);
  double learning_rate() const { return lr_; }

  // Decoupled weight decay (Loshchilov & Hutter, AdamW): each step first multiplies every
  // weight by 1 - fraction; 0 (the default) leaves them alone. Throws unless in [0, 1].
  void set_weight_decay(double fraction);
  double weight_decay() const { return weight_decay_; }

 protected:
  // What every step() does first: the weight decay.
  void decay_weights(const std::vector<TensorView>& params) const;
  double lr_;
  double weight_decay_ = 0.0;
};

// Scales all gradients together so that their joint L2 norm is at most
// max_norm (no-op when it already is). Returns the norm before clipping.
double clip_gradient_norm(const std::vector<TensorView>& grads, double max_norm);

}  // namespace attn::train
