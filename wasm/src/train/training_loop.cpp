#include "attn/train/training_loop.hpp"

#include "attn/declare/option.hpp"
#include "attn/text.hpp"
#include "attn/train/adam.hpp"
#include "attn/train/sgd.hpp"

namespace attn::train {

// The ranges are the declared ones (attn/declare/option.hpp), which every model's options share.
void check_optimizer(const std::string& name) { declare::check(declare::optimizer_spec(), name); }

void check_learning_rate(double lr) { declare::check(declare::learning_rate_spec(), lr); }

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, double lr, double momentum) {
  check_optimizer(name);
  if (name == "adam") return std::make_unique<Adam>(lr);
  return std::make_unique<Sgd>(lr, momentum);
}

std::runtime_error diverged_error(long long at, long long back_to) {
  return std::runtime_error("training diverged at step " + std::to_string(at) +
                            " (the loss is no longer a finite number); the model is back at "
                            "step " +
                            std::to_string(back_to) +
                            ", where this call began: lower the learning rate and step "
                            "again, or reset");
}

}  // namespace attn::train
