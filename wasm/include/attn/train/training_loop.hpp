// The training loop every trainable model of the core shares (the adjectives/pronouns trainer,
// the translator): which optimisers and learning rates it accepts, and one all-or-nothing
// step(n) call. A model supplies its parameters, their flat views and a batch function; the loop
// knows nothing else about it.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/train/optimizer.hpp"
#include "attn/train/params.hpp"
#include "attn/train/rng.hpp"

namespace attn::train {

// The optimisers ("adam" or "sgd", else std::invalid_argument naming the choices) and the
// learning-rate range (0, 10], checked alike for every model.
void check_optimizer(const std::string& name);
void check_learning_rate(double lr);
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, double lr,
                                          double momentum = 0.0);

// What a step(n) call that diverged at step `at` throws once it has taken itself back to step
// `back_to`.
std::runtime_error diverged_error(long long at, long long back_to);

// For tests of the take-back below: no model can be made to diverge within its declared options
// (the translator clips its gradients to norm 1, so even lr 10 moves it by at most 10 a step),
// so a test sets forced_divergence_step to a step number; the next step(n) call of any model
// that reaches that step finds its loss not finite there, as a far too high learning rate would
// make it, once (0: none pending). The page never sets it.
inline long long forced_divergence_step = 0;

// The longest step(n) call: n in 1 .. kMaxStepsPerCall.
constexpr int kMaxStepsPerCall = 100000;

// One step(n) call, all or nothing: n in 1 .. kMaxStepsPerCall (else std::invalid_argument);
// each step zeroes the gradients, runs batch() (which fills them and returns the batch's loss),
// clips them to max_norm and lets the optimiser step. A step whose loss or gradient is not
// finite is never applied, and the steps before it in the same call are taken back (parameters,
// optimiser state, random generator, step count), so the learner is left where the call began;
// then diverged_error is thrown. A single step needs no copy of the parameters (they change only
// after the check).
template <class P, class Batch>
void step_all_or_nothing(int n, P& params, P& saved, Optimizer& optimizer, Rng& rng,
                         long long& step, const std::vector<TensorView>& param_views,
                         const std::vector<TensorView>& grad_views, double max_norm, Batch batch) {
  if (n < 1 || n > kMaxStepsPerCall)
    throw std::invalid_argument("step count must be 1 to " + std::to_string(kMaxStepsPerCall) +
                                ", got " + std::to_string(n));
  const Rng rng_before = rng;
  const long long step_before = step;
  if (n > 1) {
    saved = params;
    optimizer.save();
  }
  for (int s = 0; s < n; ++s) {
    for (const auto& g : grad_views) std::fill(g.data, g.data + g.size, 0.0);
    double batch_loss = batch();
    if (forced_divergence_step != 0 && forced_divergence_step == step + 1) {
      forced_divergence_step = 0;
      batch_loss = std::numeric_limits<double>::quiet_NaN();
    }
    const double norm = clip_gradient_norm(grad_views, max_norm);
    if (!std::isfinite(batch_loss) || !std::isfinite(norm)) {
      const long long diverged = step + 1;
      if (n > 1) {
        params = saved;
        optimizer.restore();
      }
      rng = rng_before;
      step = step_before;
      throw diverged_error(diverged, step_before);
    }
    optimizer.step(param_views, grad_views);
    ++step;
  }
}

}  // namespace attn::train
