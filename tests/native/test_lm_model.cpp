// The decoder-only model (attn/lm/model.hpp): every parameter tensor's gradient against central
// finite differences, with and without feed-forward and layer norm, with a head ablated, with
// each way positions enter (RoPE's turn in the backward pass), softmax plus one and keys and
// values shared by a group of heads, and on a sequence without <bos>; the causal mask (a later
// token changes nothing before it); the attention layer against the lessons' multi-head
// attention for every option; RoPE's scores by distance alone; the forward pass's cost formula
// against a hand count.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attn/lm/model.hpp"
#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "gradient_check.hpp"

using namespace attn::lm;
using attn::SoftmaxKind;

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
const std::vector<int> kWithBos{0, 3, 5, 3, 6, 2};
const std::vector<int> kNoBos{3, 5, 3, 6, 2, 1};  // a sequence of a model made with bos false

std::vector<std::pair<std::string, double>> gradient_errors(
    const DecoderConfig& c, const Ablation& ablation, void (*skew)(DecoderParams&) = nullptr,
    const std::vector<int>& tokens = kWithBos) {
  attn::train::Rng rng(11);
  DecoderParams p = init_params(c, rng);
  // Biases and gains away from their initial 0 and 1, so that their gradients are generic.
  for (auto& t : tensors(p))
    for (Eigen::Index i = 0; i < t.size; ++i) t.data[i] += 0.1 * rng.normal();
  std::vector<int> targets(tokens.begin() + 1, tokens.end());
  targets.push_back(1);
  targets[2] = -1;  // position 2 not scored
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

void check_gradients(const DecoderConfig& c, const Ablation& ablation,
                     const std::vector<int>& tokens = kWithBos) {
  const auto errors = gradient_errors(c, ablation, nullptr, tokens);
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

namespace {

DecoderConfig with(DecoderConfig c, PositionKind positions, SoftmaxKind softmax, int kv = 0) {
  c.positions = positions;
  c.softmax = softmax;
  c.kv_heads = kv;
  return c;
}

}  // namespace

TEST_CASE("decoder gradients: RoPE turned back in the backward pass", "[lm]") {
  check_gradients(with(small(false, false), PositionKind::Rope, SoftmaxKind::Standard), {});
  check_gradients(with(small(true, true), PositionKind::Rope, SoftmaxKind::Standard), {});
  // A base of 3 turns by angles of the order of a radian per position in both pairs of each
  // head (width 8, 2 heads: head width 4): the default's second pair would hardly turn.
  DecoderConfig c = with(small(false, false), PositionKind::Rope, SoftmaxKind::Standard);
  c.rope_base = 3;
  check_gradients(c, {});
  // An odd head width (6 / 2 = 3): the last column is not turned.
  c.width = 6;
  check_gradients(c, {});
}

TEST_CASE("decoder gradients: softmax plus one (the key bias no longer cancels)", "[lm]") {
  check_gradients(with(small(false, false), PositionKind::Learned, SoftmaxKind::PlusOne), {});
  check_gradients(with(small(true, true), PositionKind::Rope, SoftmaxKind::PlusOne), {});
}

TEST_CASE("decoder gradients: keys and values shared by a group, gathered from every head",
          "[lm]") {
  // Two heads on one key/value head, and four heads on two.
  check_gradients(with(small(false, false), PositionKind::Learned, SoftmaxKind::Standard, 1), {});
  DecoderConfig c = with(small(true, false), PositionKind::Rope, SoftmaxKind::PlusOne, 2);
  c.heads = 4;
  check_gradients(c, {});
  // With a head of a group ablated, its group's keys and values still learn from the other.
  Ablation ablation(8, 0);
  ablation[0 * 4 + 1] = 1;
  check_gradients(c, ablation);
  // The shared tensors are the group's first head's: the others have none.
  attn::train::Rng rng(1);
  DecoderParams p = init_params(c, rng);
  std::vector<std::string> names;
  for (const auto& t : tensors(p)) names.push_back(t.name);
  CHECK(std::count(names.begin(), names.end(), "layer0.head0.Wk") == 1);
  CHECK(std::count(names.begin(), names.end(), "layer0.head1.Wk") == 0);
  CHECK(std::count(names.begin(), names.end(), "layer0.head2.Wv") == 1);
  CHECK(std::count(names.begin(), names.end(), "layer0.head3.bv") == 0);
  CHECK(std::count(names.begin(), names.end(), "layer0.head3.Wq") == 1);
  // A gradient off in the shared W_K is caught, like any other.
  const auto skewed = gradient_errors(c, {}, [](DecoderParams& g) {
    g.layers[1].heads[2].Wk(0, 0) += 1e-4 * (1 + std::abs(g.layers[1].heads[2].Wk(0, 0)));
  });
  CHECK(worst(skewed) > 1e-6);
}

TEST_CASE("decoder gradients: fixed sinusoidal positions, none, and no <bos>", "[lm]") {
  check_gradients(with(small(false, false), PositionKind::Sinusoidal, SoftmaxKind::Standard), {});
  check_gradients(with(small(true, true), PositionKind::None, SoftmaxKind::Standard), {});
  // A sequence of a model without <bos>, every option at once.
  check_gradients(with(small(true, true), PositionKind::Rope, SoftmaxKind::PlusOne, 1), {}, kNoBos);
  check_gradients(small(false, false), {}, kNoBos);
  // No position table to learn unless positions are learned.
  attn::train::Rng rng(1);
  for (const auto kind : {PositionKind::Sinusoidal, PositionKind::Rope, PositionKind::None}) {
    DecoderParams p = init_params(with(small(false, false), kind, SoftmaxKind::Standard), rng);
    CHECK(p.position.size() == 0);
    for (const auto& t : tensors(p)) CHECK(t.name != "position");
  }
}

// The decoder's first layer (one layer, no feed-forward) against the lessons' form of the same
// computation, attn::multi_head_attention on X = the embedded tokens (with their positions as the
// options add them): every head's weights and the layer's output (X + concat W_O).
TEST_CASE("decoder attention = the lessons' multi-head attention, for every option", "[lm]") {
  for (const auto positions :
       {PositionKind::Learned, PositionKind::Sinusoidal, PositionKind::Rope, PositionKind::None})
    for (const auto softmax : {SoftmaxKind::Standard, SoftmaxKind::PlusOne})
      for (const int kv : {0, 1, 2}) {
        DecoderConfig c = with(small(false, false), positions, softmax, kv);
        c.layers = 1;
        c.heads = 4;
        c.width = 16;
        c.rope_base = 50;
        INFO("positions " << static_cast<int>(positions) << ", softmax "
                          << static_cast<int>(softmax) << ", kvHeads " << kv);
        attn::train::Rng rng(8);
        DecoderParams p = init_params(c, rng);
        for (auto& t : tensors(p))  // biases away from 0, so that b_K matters to plus one
          for (Eigen::Index i = 0; i < t.size; ++i) t.data[i] += 0.2 * rng.normal();
        const std::vector<int> tokens{0, 4, 2, 6, 4, 1};
        const Eigen::Index n = 6;
        DecoderWorkspace ws(c, 0);
        forward(c, p, tokens, nullptr, {}, ws);

        Eigen::MatrixXd X(n, c.width);
        for (Eigen::Index i = 0; i < n; ++i) X.row(i) = p.embedding.row(tokens[i]);
        if (positions == PositionKind::Learned) X += p.position.topRows(n);
        if (positions == PositionKind::Sinusoidal) X += attn::positional_encoding(n, c.width);
        std::vector<attn::AttentionWeights> heads;
        for (const auto& h : p.layers[0].heads) {
          attn::AttentionWeights w{h.Wq, h.Wk, h.Wv, Eigen::VectorXd(h.bq.transpose()), {}, {}};
          if (h.Wk.size() > 0) {
            w.bk = Eigen::VectorXd(h.bk.transpose());
            w.bv = Eigen::VectorXd(h.bv.transpose());
          }
          heads.push_back(w);
        }
        attn::AttentionOptions o;
        o.causal = true;
        o.positions =
            positions == PositionKind::Rope ? attn::Positions::Rope : attn::Positions::None;
        o.rope_base = c.rope_base;
        o.softmax = softmax;
        const auto t = attn::multi_head_attention(X, heads, p.layers[0].Wo, std::nullopt, o,
                                                  kv == 0 ? std::nullopt : std::optional<int>(kv));
        for (std::size_t h = 0; h < 4; ++h) {
          INFO("head " << h);
          // ws: A(j, i), column i = where i looks; the lessons' weights(i, j).
          const Eigen::MatrixXd A = ws.layers[0].attention.heads[h].A.topLeftCorner(n, n);
          CHECK((A.transpose() - t.heads[h].weights).cwiseAbs().maxCoeff() < 1e-12);
          const Eigen::VectorXd sums = A.colwise().sum().transpose();
          if (softmax == SoftmaxKind::PlusOne)
            CHECK(sums.maxCoeff() < 1.0);  // a query may attend to nothing
          else
            CHECK((sums.array() - 1.0).abs().maxCoeff() < 1e-12);
        }
        const Eigen::MatrixXd out = output(c, ws, n).transpose();
        CHECK((out - (X + t.output)).cwiseAbs().maxCoeff() < 1e-12);
      }
}

TEST_CASE("decoder with RoPE: a score depends on the distance between query and key alone",
          "[lm]") {
  // One token repeated, nothing added to the input: every position's x is the same, so with RoPE
  // score(i, j) = f(i - j), and the weights' log-ratio log a_ij - log a_ik = s_ij - s_ik (the
  // softmax's shift and sum cancel) is the same for every query i. With learned positions added
  // (the same embedding plus a different row each) it is not.
  for (const auto positions : {PositionKind::Rope, PositionKind::Learned}) {
    DecoderConfig c = with(small(false, false), positions, SoftmaxKind::Standard);
    c.max_length = 12;
    c.rope_base = 10;
    attn::train::Rng rng(2);
    const DecoderParams p = init_params(c, rng);
    DecoderWorkspace ws(c, 0);
    forward(c, p, std::vector<int>(12, 3), nullptr, {}, ws);
    double spread = 0.0;
    for (const auto& head : ws.layers[0].attention.heads) {
      const Eigen::MatrixXd& A = head.A;
      for (int d1 = 0; d1 <= 4; ++d1)
        for (int d2 = d1 + 1; d2 <= 5; ++d2) {
          const auto ratio = [&](int i) { return std::log(A(i - d1, i)) - std::log(A(i - d2, i)); };
          for (int i = d2 + 1; i < 12; ++i)
            spread = std::max(spread, std::abs(ratio(i) - ratio(d2)));
        }
    }
    INFO("positions " << static_cast<int>(positions) << ": largest difference " << spread);
    if (positions == PositionKind::Rope)
      CHECK(spread < 1e-12);
    else
      CHECK(spread > 1e-3);
  }
}

TEST_CASE("decoder: kvHeads = heads is the ordinary model, bit for bit", "[lm]") {
  DecoderConfig a = small(true, true), b = small(true, true);
  b.kv_heads = b.heads;
  attn::train::Rng r1(4), r2(4);
  const DecoderParams pa = init_params(a, r1), pb = init_params(b, r2);
  DecoderWorkspace wa(a, 1), wb(b, 1);
  const std::vector<int> targets{3, 5, -1, 6, 2, 1};
  CHECK(forward(a, pa, kWithBos, &targets, {}, wa) == forward(b, pb, kWithBos, &targets, {}, wb));
  CHECK(wa.probs.leftCols(6) == wb.probs.leftCols(6));
}

TEST_CASE("decoder: bad options named", "[lm]") {
  DecoderConfig c = small(false, false);
  c.heads = 4;
  c.kv_heads = 3;
  CHECK_THROWS_WITH(validate(c), "kvHeads must divide the number of heads (4): 1, 2 or 4, got 3");
  c.kv_heads = 8;
  CHECK_THROWS_WITH(validate(c), "kvHeads must divide the number of heads (4): 1, 2 or 4, got 8");
  c.kv_heads = 0;
  c.rope_base = 0;
  CHECK_THROWS_WITH(validate(c), Catch::Contains("ropeBase"));
  c.rope_base = 5e-324;  // overflows only a wide head's frequencies: 5e-324^(-62/64)
  CHECK_NOTHROW(validate(c));
  c.width = 64;
  c.heads = 1;
  CHECK_THROWS_WITH(validate(c), Catch::Contains("ropeBase 4.94066e-324 is too small"));
}

TEST_CASE("decoder: the multiply-adds with keys and values shared", "[lm]") {
  // d 8, 4 heads, n 3, 2 key/value heads (r = 2): per layer Q 3*64 = 192, K and V 2*3*8*8/2 =
  // 192, causal scores and values 96, W_O 192 -> 672; two layers 1344; unembedding 168.
  DecoderConfig c = small(false, false);
  c.heads = 4;
  c.kv_heads = 2;
  CHECK(forward_multiply_adds(c, 3) == 1344 + 168);
  c.kv_heads = 1;  // K and V 96: 576 per layer
  CHECK(forward_multiply_adds(c, 3) == 1152 + 168);
}
