// The encoder-decoder (attn/translate/model.hpp) on random token sequences:
// - finite-difference checks of every parameter tensor's gradient, with 1 and 2 layers per side
//   and 1 to 4 heads: for each tensor, every entry's central difference (h = 1e-5) of the summed
//   loss of 3 sentence pairs against the backward pass, as
//   ||analytic - numeric|| / max(||analytic||, ||numeric||) <= 1e-6 (central differences err by
//   ~h^2; a wrong factor or a missing term shows as O(1) relative error), and a test that the
//   check notices a gradient 0.01% off;
// - the general attention layer by hand: a 1-head width-2 cross-attention and a causal mask;
// - the decoder's mask by perturbation: output i never depends on decoder input j > i;
// - same seed, same parameters.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "attn/positional_encoding.hpp"
#include "attn/translate/model.hpp"
#include "gradient_check.hpp"
#include "helpers.hpp"

using namespace attn::translate;
using attn::train::HeadParams;
using attn::train::Mask;
using attn::train::Rng;
using attn::train::TensorView;

namespace {

constexpr int kBosId = 0, kEosId = 1;

struct Pair {
  std::vector<int> source, input, target;
};

struct Setup {
  EncoderDecoderConfig config;
  EncoderDecoderParams params;
  Eigen::MatrixXd position;
  std::vector<Pair> pairs;
};

Setup make_setup(int layers, int heads, int width, std::uint64_t seed) {
  Setup s;
  s.config.source_vocab = 7;
  s.config.target_vocab = 9;
  s.config.width = width;
  s.config.heads = heads;
  s.config.layers = layers;
  s.config.max_source = 6;
  s.config.max_target = 6;
  Rng rng(seed);
  s.params = init_params(s.config, rng);
  // Larger query/key weights make the attention uneven, so the softmax backward is exercised
  // away from its flat start; random biases and norms so that theirs are not checked only at 0
  // and 1.
  for (auto& t : tensors(s.params)) {
    const std::string& n = t.name;
    const bool qk =
        n.size() > 2 && (n.substr(n.size() - 2) == "Wq" || n.substr(n.size() - 2) == "Wk");
    const bool offset = n.find(".b") != std::string::npos || n.find("gamma") != std::string::npos ||
                        n.find("beta") != std::string::npos || n == "bout";
    for (Eigen::Index i = 0; i < t.size; ++i) {
      if (qk) t.data[i] *= 3.0;
      if (offset) t.data[i] += 0.3 * rng.normal();
    }
  }
  s.position = attn::positional_encoding(6, width);
  for (int k = 0; k < 3; ++k) {
    Pair p;
    const int S = 3 + static_cast<int>(rng.below(4)), T = 2 + static_cast<int>(rng.below(5));
    for (int i = 0; i < S; ++i) p.source.push_back(static_cast<int>(rng.below(7)));
    for (int i = 0; i + 1 < T; ++i) p.target.push_back(2 + static_cast<int>(rng.below(7)));
    p.target.push_back(kEosId);
    p.input = shifted_right(p.target, kBosId);
    s.pairs.push_back(p);
  }
  return s;
}

double total_loss(const Setup& s, const EncoderDecoderParams& p) {
  Workspace ws(s.config, 0);
  double loss = 0.0;
  for (const auto& x : s.pairs)
    loss += forward(s.config, p, s.position, x.source, x.input, x.target, ws);
  return loss;
}

EncoderDecoderParams analytic_gradient(const Setup& s) {
  EncoderDecoderParams g = zeros_like(s.params);
  Workspace ws(s.config, static_cast<int>(s.pairs.size()));
  for (const auto& x : s.pairs) {
    forward(s.config, s.params, s.position, x.source, x.input, x.target, ws);
    backward(s.config, s.params, x.source, x.input, x.target, 1.0, g, ws);
  }
  add_weight_gradients(ws, g);
  return g;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void check_every_tensor(int layers, int heads, int width) {
  const Setup s = make_setup(layers, heads, width, 11);
  EncoderDecoderParams analytic = analytic_gradient(s);
  EncoderDecoderParams numeric = numeric_gradient_on_budget(
      s.params, [&s](const EncoderDecoderParams& p) { return total_loss(s, p); }, analytic);
  const auto av = tensors(analytic);
  const auto nv = tensors(numeric);
  REQUIRE(av.size() == nv.size());
  // 2 embeddings; per encoder layer: attention (6 per head + Wo) + 2 norms + ff (4);
  // per decoder layer: 2 attentions + 3 norms + ff; Wout, bout
  const int attention = 6 * heads + 1;
  REQUIRE(av.size() == static_cast<std::size_t>(2 + layers * (attention + 4 + 4) +
                                                layers * (2 * attention + 6 + 4) + 2));
  double worst = 0.0;
  for (std::size_t t = 0; t < av.size(); ++t) {
    INFO("tensor " << av[t].name << ", layers " << layers << ", heads " << heads);
    if (ends_with(av[t].name, "bk")) {
      // A key bias adds q_i . bk to every score of row i alike, and softmax ignores a constant
      // shift of its row (masked or not): the true gradient is exactly 0.
      CHECK(norm(av[t]) < 1e-12);
      CHECK(norm(nv[t]) < 1e-8);
      continue;
    }
    CHECK(norm(av[t]) > 1e-6);  // the check below is not comparing zeros
    const double e = relative_error(av[t], nv[t]);
    CHECK(e <= 1e-6);
    worst = std::max(worst, e);
  }
  WARN("layers " << layers << ", heads " << heads << ": worst relative error " << worst);
}

}  // namespace

TEST_CASE("gradients: every tensor, one layer per side, one head", "[translate][gradient]") {
  check_every_tensor(1, 1, 8);
}

TEST_CASE("gradients: every tensor, one layer per side, two heads", "[translate][gradient]") {
  check_every_tensor(1, 2, 8);
}

TEST_CASE("gradients: every tensor, one layer per side, three heads", "[translate][gradient]") {
  check_every_tensor(1, 3, 12);
}

TEST_CASE("gradients: every tensor, two layers per side, one head", "[translate][gradient]") {
  check_every_tensor(2, 1, 8);
}

TEST_CASE("gradients: every tensor, two layers per side, four heads", "[translate][gradient]") {
  check_every_tensor(2, 4, 8);
}

TEST_CASE("gradients: the check notices a gradient 0.01% off", "[translate][gradient]") {
  // Guards the guard, in tensors reached by every path: the encoder's first attention (only
  // through the cross-attention above it), the cross-attention and the feed-forward.
  const Setup s = make_setup(2, 2, 8, 5);
  const std::vector<std::string> names{"encoder0.self.head1.Wv", "decoder1.cross.head0.Wq",
                                       "decoder0.ff.W1"};
  const EncoderDecoderParams numeric = numeric_gradient_of(
      s.params, [&s](const EncoderDecoderParams& p) { return total_loss(s, p); }, names);
  for (const std::string& name : names) {
    EncoderDecoderParams analytic = analytic_gradient(s);
    EncoderDecoderParams copy = numeric;
    const auto nv = tensors(copy);
    int checked = 0;
    const auto av = tensors(analytic);
    for (std::size_t t = 0; t < av.size(); ++t) {
      if (av[t].name != name) continue;
      INFO(name);
      CHECK(relative_error(av[t], nv[t]) <= 1e-6);  // right as computed
      Eigen::Map<Eigen::VectorXd>(av[t].data, av[t].size) *= 1.0001;
      CHECK(relative_error(av[t], nv[t]) > 1e-6);  // and caught when 0.01% off
      ++checked;
    }
    CHECK(checked == 1);
  }
}

TEST_CASE("cross-attention by hand: one head, width 2", "[translate][attention]") {
  // One decoder query q = (1, 0) over two encoder tokens k1 = (1, 0), k2 = (0, 1), every
  // projection the identity: scores (1/sqrt 2, 0), weights softmax = (0.66976..., 0.33023...),
  // output = 0.66976 k1 + 0.33023 k2.
  std::vector<HeadParams> heads(1);
  heads[0].Wq = heads[0].Wk = heads[0].Wv = Eigen::MatrixXd::Identity(2, 2);
  heads[0].bq = heads[0].bk = heads[0].bv = Eigen::RowVectorXd::Zero(2);
  const Eigen::MatrixXd Wo = Eigen::MatrixXd::Identity(2, 2);
  const Eigen::MatrixXd Xq = mat({{1}, {0}});         // d x 1: the decoder's token
  const Eigen::MatrixXd Xkv = mat({{1, 0}, {0, 1}});  // d x 2: the encoder's tokens
  attn::train::SelfAttentionWorkspace ws(2, 1, 2, 1, 1);
  Eigen::MatrixXd Y(2, 1);
  attention_forward(Xq, Xkv, Mask{}, heads, Wo, Y, ws);
  const Eigen::MatrixXd A = ws.heads[0].A.topLeftCorner(2, 1);
  INFO(show(A) << show(Y));
  CHECK(near(A, mat({{0.6697615493266569}, {0.3302384506733431}}), 1e-15));
  CHECK(near(Y, mat({{0.6697615493266569}, {0.3302384506733431}}), 1e-15));

  // The same two tokens as a masked self-attention: token 0 sees only itself (weight 1, output
  // k1); token 1 sees both, with scores (k2 . k1, k2 . k2) / sqrt 2 = (0, 1/sqrt 2).
  attn::train::SelfAttentionWorkspace self(2, 1, 2, 2, 2);
  Eigen::MatrixXd Z(2, 2);
  attention_forward(Xkv, Xkv, Mask{true, 0}, heads, Wo, Z, self);
  const Eigen::MatrixXd M = self.heads[0].A.topLeftCorner(2, 2);
  INFO(show(M) << show(Z));
  CHECK(near(M, mat({{1, 0.3302384506733431}, {0, 0.6697615493266569}}), 1e-15));
  CHECK(near(Z, mat({{1, 0.3302384506733431}, {0, 0.6697615493266569}}), 1e-15));
}

TEST_CASE("the decoder's mask: output i never depends on a later input", "[translate][mask]") {
  for (int layers : {1, 2}) {
    const Setup s = make_setup(layers, 2, 8, 9);
    Pair x = s.pairs[0];
    x.input = {kBosId, 3, 4, 5, 6, 7};
    Workspace ws(s.config, 0);
    encode(s.config, s.params, s.position, x.source, ws);
    decode(s.config, s.params, s.position, x.input, nullptr, ws);
    const Eigen::MatrixXd before = ws.probs.leftCols(6);
    // Each decoder layer's and head's weights, self and cross (columns: the query tokens).
    auto weights = [&ws] {
      std::vector<Eigen::MatrixXd> out;
      for (const auto& layer : ws.decoder)
        for (const auto* block : {&layer.self, &layer.cross})
          for (const auto& head : block->heads) out.push_back(head.A.leftCols(6));
      return out;
    };
    const auto weights_before = weights();
    for (std::size_t j = 1; j < x.input.size(); ++j) {
      std::vector<int> changed = x.input;
      changed[j] = 8;
      decode(s.config, s.params, s.position, changed, nullptr, ws);
      const Eigen::Index k = static_cast<Eigen::Index>(j);
      INFO("layers " << layers << ", input " << j << " changed");
      // Exactly equal: the masked keys have weight 0, not a small one.
      CHECK(ws.probs.leftCols(k) == before.leftCols(k));
      CHECK((ws.probs.col(k) - before.col(k)).cwiseAbs().maxCoeff() > 1e-6);
      // So are the attention weights of the earlier words: a page may show a translation's
      // rows one word at a time, computed by one pass at the end.
      const auto now = weights();
      for (std::size_t m = 0; m < now.size(); ++m)
        CHECK(now[m].leftCols(k) == weights_before[m].leftCols(k));
    }
  }
}

TEST_CASE("same seed, same parameters, and another seed, others", "[translate]") {
  const Setup a = make_setup(2, 2, 8, 4), b = make_setup(2, 2, 8, 4), c = make_setup(2, 2, 8, 5);
  EncoderDecoderParams pa = a.params, pb = b.params, pc = c.params;
  const auto va = tensors(pa), vb = tensors(pb), vc = tensors(pc);
  bool differs = false;
  for (std::size_t t = 0; t < va.size(); ++t) {
    CHECK(Eigen::Map<const Eigen::VectorXd>(va[t].data, va[t].size) ==
          Eigen::Map<const Eigen::VectorXd>(vb[t].data, vb[t].size));
    differs = differs || Eigen::Map<const Eigen::VectorXd>(va[t].data, va[t].size) !=
                             Eigen::Map<const Eigen::VectorXd>(vc[t].data, vc[t].size);
  }
  CHECK(differs);
  CHECK(total_loss(a, a.params) == total_loss(b, b.params));
}
