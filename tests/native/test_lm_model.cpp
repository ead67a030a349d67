// The decoder-only model (attn/lm/model.hpp): every parameter tensor's gradient against central
// finite differences, with and without feed-forward and layer norm, with a head ablated; the
// causal mask (a later token changes nothing before it); the forward pass's cost formula
// against a hand count.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "attn/lm/model.hpp"
#include "gradient_check.hpp"

using namespace attn::lm;

namespace {

DecoderConfig small(bool ff, bool ln) {
  DecoderConfig c;
  c.vocab = 7;
  c.width = 8;
  c.heads = 2;
  c.layers = 2;
  c.feed_forward = ff;
  c.layer_norm = ln;
  c.hidden = 6;
  c.max_length = 6;
  return c;
}

// Each tensor's error between the backward pass (with `skew` applied to its gradient first) and
// central differences: relative, or the gradient's norm where the true gradient is 0 (an
// ablated head's; the key bias's, which adds q . b_K to every score of a row and so cancels in
// softmax; the differences there are rounding, ~1e-11).
std::vector<std::pair<std::string, double>> gradient_errors(
    const DecoderConfig& c, const Ablation& ablation, void (*skew)(DecoderParams&) = nullptr) {
  attn::train::Rng rng(11);
  DecoderParams p = init_params(c, rng);
  // Biases and gains away from their initial 0 and 1, so that their gradients are generic.
  for (auto& t : tensors(p))
    for (Eigen::Index i = 0; i < t.size; ++i) t.data[i] += 0.1 * rng.normal();
  const std::vector<int> tokens{0, 3, 5, 3, 6, 2};
  const std::vector<int> targets{3, 5, -1, 6, 2, 1};  // position 2 not scored
  const double weight = 0.7;
  DecoderWorkspace ws(c, 2);
  DecoderParams g = zeros_like(p);
  forward(c, p, tokens, &targets, ablation, ws);
  backward(c, p, tokens, targets, ablation, weight, g, ws);
  add_weight_gradients(ws, g);
  if (skew) skew(g);
  const auto loss = [&](const DecoderParams& q) {
    DecoderWorkspace w(c, 1);
    return weight * forward(c, q, tokens, &targets, ablation, w);
  };
  // The guard (a skewed gradient) is differenced at every entry, the sanitizers' budget or not.
  DecoderParams numeric = skew ? numeric_gradient(p, loss) : numeric_gradient_on_budget(p, loss, g);
  auto a = tensors(g);
  auto b = tensors(numeric);
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t t = 0; t < a.size(); ++t)
    out.emplace_back(a[t].name, norm(b[t]) < 1e-8 ? norm(a[t]) : relative_error(a[t], b[t]));
  return out;
}

void check_gradients(const DecoderConfig& c, const Ablation& ablation) {
  const auto errors = gradient_errors(c, ablation);
  REQUIRE(errors.size() >= 10u);
  for (const auto& [name, error] : errors) {
    INFO(name);
    CHECK(error < 1e-6);
  }
}

double worst(const std::vector<std::pair<std::string, double>>& errors) {
  double w = 0.0;
  for (const auto& e : errors) w = std::max(w, e.second);
  return w;
}

}  // namespace

TEST_CASE("decoder gradients match finite differences: attention only", "[lm]") {
  check_gradients(small(false, false), {});
}

TEST_CASE("decoder gradient check: a gradient 0.01% off is caught", "[lm]") {
  const DecoderConfig c = small(true, true);
  CHECK(worst(gradient_errors(c, {})) < 1e-6);
  CHECK(worst(gradient_errors(c, {}, [](DecoderParams& g) { g.layers[0].Wo(0, 0) *= 1.0001; })) >
        1e-6);
  CHECK(worst(gradient_errors(c, {}, [](DecoderParams& g) { g.position(1, 2) *= 1.0001; })) > 1e-6);
}

TEST_CASE("decoder gradients match finite differences: feed-forward and layer norm", "[lm]") {
  check_gradients(small(true, true), {});
  check_gradients(small(true, false), {});
  check_gradients(small(false, true), {});
}

TEST_CASE("decoder gradients with a head ablated: none reach it", "[lm]") {
  const DecoderConfig c = small(true, false);
  Ablation ablation(4, 0);
  ablation[1 * 2 + 0] = 1;  // layer 1, head 0
  check_gradients(c, ablation);
}

TEST_CASE("decoder: causal, a later token changes nothing before it", "[lm]") {
  const DecoderConfig c = small(true, true);
  attn::train::Rng rng(5);
  const DecoderParams p = init_params(c, rng);
  DecoderWorkspace a(c, 0), b(c, 0);
  forward(c, p, {0, 1, 2, 3}, nullptr, {}, a);
  forward(c, p, {0, 1, 2, 4, 5}, nullptr, {}, b);
  // Equal to rounding (products of other sizes may sum in another order).
  CHECK((a.probs.leftCols(3) - b.probs.leftCols(3)).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((a.probs.col(3) - b.probs.col(3)).cwiseAbs().maxCoeff() > 1e-6);
  for (Eigen::Index i = 0; i < 4; ++i) CHECK(a.probs.col(i).sum() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("decoder: the forward pass's multiply-adds by hand", "[lm]") {
  // d 8, 2 layers, vocab 7, n 3: per layer Q K V 3*3*64 = 576, causal scores and values
  // 8*3*4 = 96, W_O 3*64 = 192 -> 864; two layers 1728; unembedding 3*8*7 = 168.
  CHECK(forward_multiply_adds(small(false, false), 3) == 1728 + 168);
  // With feed-forward (hidden 6): + 2*3*8*6 = 288 per layer.
  CHECK(forward_multiply_adds(small(true, false), 3) == 1728 + 2 * 288 + 168);
}
