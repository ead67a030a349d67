#include "attn/train/training_loop.hpp"

#include "attn/text.hpp"
#include "attn/train/adam.hpp"
#include "attn/train/sgd.hpp"

namespace attn::train {

void check_optimizer(const std::string& name) {
  if (name != "adam" && name != "sgd")
    throw std::invalid_argument("unknown optimizer '" + shown(name) + "': choose 'adam' or 'sgd'");
}

void check_learning_rate(double lr) {
  if (!std::isfinite(lr) || lr <= 0.0 || lr > 10.0)
    throw std::invalid_argument("learning rate must be a number in (0, 10]");
}

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
