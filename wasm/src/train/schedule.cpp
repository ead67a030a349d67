#include "attn/train/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace attn::train {

namespace {
constexpr double kPi = 3.141592653589793;
}  // namespace

StepRates scheduled_rates(double lr, long long k, int warmup, int decay, double weight_decay) {
  const double step = static_cast<double>(k);
  const double warm = warmup > 0 ? std::min(1.0, step / warmup) : 1.0;
  double c = 1.0;
  if (decay > 0 && step > warmup)
    c = 0.5 * (1.0 + std::cos(kPi * std::min(1.0, (step - warmup) / decay)));
  StepRates r;
  r.lr = decay > 0 ? lr * warm * (kDecayFloor + (1.0 - kDecayFloor) * c) : lr * warm;
  r.weight_decay = std::min(1.0, weight_decay * lr * c);
  return r;
}

}  // namespace attn::train
