// The decoder-only model (attn/lm/model.hpp): every parameter tensor's gradient against central
// finite differences, with and without feed-forward and layer norm, with a head ablated; the
// causal mask (a later token changes nothing before it); the forward pass's cost formula
// against a hand count.
#include <catch2/catch.hpp>
#include <cmath>

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

void check_gradients(const DecoderConfig& c, const Ablation& ablation) {
  attn::train::Rng rng(11);
  DecoderParams p = init_params(c, rng);
  // Biases and gains away from their initial 0 and 1, so that their gradients are generic.
  for (auto& t : tensors(p))
    for (Eigen::Index i = 0; i < t.size; ++i) t.data[i] += 0.1 * rng.normal();
  const std::vector<int> tokens{0, 3, 5, 3, 6, 2};
  const std::vector<int> targets{3, 5, -1, 6, 2, 1};  // position 2 not scored
  DecoderWorkspace ws(c, 2);
  DecoderParams g = zeros_like(p);
  const double weight = 0.7;
  forward(c, p, tokens, &targets, ablation, ws);
  backward(c, p, tokens, targets, ablation, weight, g, ws);
  add_weight_gradients(ws, g);
  const DecoderParams numeric = numeric_gradient(p, [&](const DecoderParams& q) {
    DecoderWorkspace w(c, 1);
    return weight * forward(c, q, tokens, &targets, ablation, w);
  });
  DecoderParams gg = g, nn = numeric;
  auto a = tensors(gg);
  auto b = tensors(nn);
  REQUIRE(a.size() == b.size());
  for (std::size_t t = 0; t < a.size(); ++t) {
    INFO(a[t].name);
    // Zero gradients: an ablated head's; the key bias's, which adds q . b_K to every score of
    // a row and so cancels in softmax. The differences there are rounding (~1e-11).
    if (norm(b[t]) < 1e-8) {
      CHECK(norm(a[t]) < 1e-8);
      continue;
    }
    CHECK(relative_error(a[t], b[t]) < 1e-6);
  }
}

}  // namespace

TEST_CASE("decoder gradients match finite differences: attention only", "[lm]") {
  check_gradients(small(false, false), {});
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
