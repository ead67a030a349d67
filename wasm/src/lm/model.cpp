#include "attn/lm/model.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/train/cross_entropy.hpp"

namespace attn::lm {

using train::normal_matrix;

namespace {

DecoderWorkspace::AddNorm make_add_norm(Eigen::Index d, Eigen::Index n) {
  DecoderWorkspace::AddNorm a;
  for (auto* m : {&a.H, &a.dH, &a.Z, &a.dZ}) m->resize(d, n);
  a.norm.xhat.resize(d, n);
  a.norm.inv_std.resize(n);
  return a;
}

// Z = LN(H) or Z = H, H already holding X + F(X).
void finish_forward(bool norm, const Eigen::RowVectorXd& gamma, const Eigen::RowVectorXd& beta,
                    Eigen::Index n, DecoderWorkspace::AddNorm& a) {
  if (norm)
    layer_norm_forward(a.H.leftCols(n), gamma, beta, a.Z.leftCols(n), a.norm);
  else
    a.Z.leftCols(n) = a.H.leftCols(n);
}

// dZ -> dH (both the sublayer's and the residual's gradient).
void finish_backward(bool norm, const Eigen::RowVectorXd& gamma, Eigen::RowVectorXd& dgamma,
                     Eigen::RowVectorXd& dbeta, Eigen::Index n, DecoderWorkspace::AddNorm& a) {
  if (norm)
    layer_norm_backward(a.dZ.leftCols(n), gamma, a.norm, a.dH.leftCols(n), dgamma, dbeta);
  else
    a.dH.leftCols(n) = a.dZ.leftCols(n);
}

bool is_ablated(const Ablation& ablation, std::size_t l, std::size_t h, std::size_t heads) {
  return !ablation.empty() && ablation[l * heads + h] != 0;
}

Eigen::Ref<const Eigen::MatrixXd> layer_output(const DecoderConfig& c,
                                               const DecoderWorkspace::Layer& w, Eigen::Index n) {
  return c.feed_forward ? w.a2.Z.leftCols(n) : w.a1.Z.leftCols(n);
}

train::HeadOptions head_options(const DecoderConfig& c, const DecoderWorkspace& ws) {
  return {c.positions == PositionKind::Rope ? &ws.rope : nullptr, c.softmax};
}

}  // namespace

void validate(const DecoderConfig& c) {
  if (c.layers < 1 || c.layers > 4)
    throw std::invalid_argument("layers must be 1 to 4, got " + std::to_string(c.layers));
  if (c.heads < 1 || c.heads > 4)
    throw std::invalid_argument("heads must be 1 to 4, got " + std::to_string(c.heads));
  if (c.width < 4 || c.width > 64)
    throw std::invalid_argument("width must be 4 to 64, got " + std::to_string(c.width));
  if (c.width % c.heads != 0)
    throw std::invalid_argument("width " + std::to_string(c.width) + " is not divisible by heads " +
                                std::to_string(c.heads) +
                                " (each head gets width / heads columns)");
  if (c.vocab < 2) throw std::invalid_argument("the vocabulary needs at least 2 tokens");
  if (c.max_length < 2) throw std::invalid_argument("the context must hold at least 2 tokens");
  if (c.hidden < 0) throw std::invalid_argument("the feed-forward width must be >= 0");
  if (c.kv_heads != 0) check_kv_heads(c.heads, c.kv_heads);
  rope_frequencies(c.width / c.heads, c.rope_base, "ropeBase");
}

int hidden_width(const DecoderConfig& c) { return c.hidden > 0 ? c.hidden : 4 * c.width; }
int kv_heads(const DecoderConfig& c) { return c.kv_heads > 0 ? c.kv_heads : c.heads; }
int group_size(const DecoderConfig& c) { return c.heads / kv_heads(c); }

DecoderParams init_params(const DecoderConfig& c, train::Rng& rng) {
  validate(c);
  const int d = c.width;
  const double s = 1.0 / std::sqrt(static_cast<double>(d));
  DecoderParams p;
  p.embedding = normal_matrix(c.vocab, d, 1.0, rng);
  if (c.positions == PositionKind::Learned) p.position = attn::positional_encoding(c.max_length, d);
  const std::size_t r = static_cast<std::size_t>(group_size(c));
  p.layers.resize(static_cast<std::size_t>(c.layers));
  for (auto& l : p.layers) {
    // Every head's W_K and W_V are drawn, and those a group shares from its first head kept: a
    // seed draws the same W_Q (and every later tensor) whatever kv_heads is.
    l.heads = train::init_heads(d, c.heads, rng);
    for (std::size_t h = 0; h < l.heads.size(); ++h)
      if (h % r != 0) {
        train::HeadParams& head = l.heads[h];
        for (auto* m : {&head.Wk, &head.Wv}) m->resize(0, 0);
        for (auto* b : {&head.bk, &head.bv}) b->resize(0);
      }
    l.Wo = normal_matrix(d, d, s, rng);
    if (c.layer_norm) {
      l.gamma1 = Eigen::RowVectorXd::Ones(d);
      l.beta1 = Eigen::RowVectorXd::Zero(d);
    }
    if (c.feed_forward) {
      l.ff = train::init_feed_forward(d, hidden_width(c), rng);
      if (c.layer_norm) {
        l.gamma2 = Eigen::RowVectorXd::Ones(d);
        l.beta2 = Eigen::RowVectorXd::Zero(d);
      }
    }
  }
  p.Wout = normal_matrix(d, c.vocab, s, rng);
  p.bout = Eigen::RowVectorXd::Zero(c.vocab);
  return p;
}

DecoderParams zeros_like(const DecoderParams& p) { return train::zeros_from_tensors(p); }

std::vector<train::TensorView> tensors(DecoderParams& p) {
  std::vector<train::TensorView> out;
  auto add = [&out](std::string name, auto& m) { train::add_tensor(out, std::move(name), m); };
  add("embedding", p.embedding);
  add("position", p.position);
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    const std::string k = "layer" + std::to_string(l) + ".";
    DecoderLayerParams& layer = p.layers[l];
    train::add_head_tensors(out, k, layer.heads);
    add(k + "Wo", layer.Wo);
    add(k + "gamma1", layer.gamma1);
    add(k + "beta1", layer.beta1);
    train::add_feed_forward_tensors(out, k + "ff.", layer.ff);
    add(k + "gamma2", layer.gamma2);
    add(k + "beta2", layer.beta2);
  }
  add("Wout", p.Wout);
  add("bout", p.bout);
  return out;
}

DecoderWorkspace::DecoderWorkspace(const DecoderConfig& c, int sequences, int tokens)
    : group(group_size(c)),
      dWout(static_cast<Eigen::Index>(sequences) * (tokens > 0 ? tokens : c.max_length), c.width,
            c.vocab) {
  const Eigen::Index d = c.width, n = c.max_length,
                     capacity = static_cast<Eigen::Index>(sequences) * (tokens > 0 ? tokens : n);
  const bool rope_on = c.positions == PositionKind::Rope;
  for (auto* m : {&Xt, &dXt}) m->resize(d, n);
  if (c.positions == PositionKind::Sinusoidal)
    fixed_position = attn::positional_encoding(c.max_length, c.width);
  if (rope_on) rope = rope_table(c.width / c.heads, c.rope_base, "ropeBase", 0, n);
  layers.resize(static_cast<std::size_t>(c.layers));
  for (auto& l : layers) {
    l.attention = train::SelfAttentionWorkspace(d, c.heads, n, n, capacity, rope_on);
    l.a1 = make_add_norm(d, n);
    if (c.feed_forward) {
      l.a2 = make_add_norm(d, n);
      l.ff = FeedForwardCache(d, hidden_width(c), d, n, capacity);
    }
  }
  for (auto* m : {&logits, &probs, &dlogits}) m->resize(c.vocab, n);
  for (auto* v : {&logit, &prob, &dlogit}) v->resize(c.vocab);
}

Eigen::Ref<const Eigen::MatrixXd> output(const DecoderConfig& c, const DecoderWorkspace& ws,
                                         Eigen::Index n) {
  return layer_output(c, ws.layers.back(), n);
}

double forward(const DecoderConfig& c, const DecoderParams& p, const std::vector<int>& tokens,
               const std::vector<int>* targets, const Ablation& ablation, DecoderWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  const Eigen::Index dh = c.width / c.heads;
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto e = p.embedding.row(tokens[static_cast<std::size_t>(i)]);
    if (c.positions == PositionKind::Learned)
      ws.Xt.col(i) = (e + p.position.row(i)).transpose();
    else if (c.positions == PositionKind::Sinusoidal)
      ws.Xt.col(i) = (e + ws.fixed_position.row(i)).transpose();
    else
      ws.Xt.col(i) = e.transpose();
  }
  const train::HeadOptions options = head_options(c, ws);
  const std::size_t r = static_cast<std::size_t>(ws.group);
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    const DecoderLayerParams& lp = p.layers[l];
    DecoderWorkspace::Layer& w = ws.layers[l];
    const auto X = l == 0 ? ws.Xt.leftCols(n) : layer_output(c, ws.layers[l - 1], n);
    auto concat = w.attention.concat.leftCols(n);
    for (std::size_t h = 0; h < lp.heads.size(); ++h) {
      auto C = concat.middleRows(static_cast<Eigen::Index>(h) * dh, dh);
      train::attention_head_forward(X, X, train::Mask{true, 0}, lp.heads[h], lp.heads[h - h % r],
                                    scale, C, w.attention.heads[h], options);
      if (is_ablated(ablation, l, h, lp.heads.size())) C.setZero();
    }
    auto H1 = w.a1.H.leftCols(n);
    matmul_tn_into(lp.Wo, concat, H1);
    H1 += X;
    finish_forward(c.layer_norm, lp.gamma1, lp.beta1, n, w.a1);
    if (c.feed_forward) {
      const auto Z1 = w.a1.Z.leftCols(n);
      feed_forward_forward(lp.ff, Z1, w.a2.H.leftCols(n), w.ff);
      w.a2.H.leftCols(n) += Z1;
      finish_forward(c.layer_norm, lp.gamma2, lp.beta2, n, w.a2);
    }
  }
  linear_forward(p.Wout, p.bout, output(c, ws, n), ws.logits.leftCols(n));
  double loss = 0.0;
  int scored = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    ws.logit = ws.logits.col(i);
    const int target = targets ? (*targets)[static_cast<std::size_t>(i)] : -1;
    if (target >= 0) {
      loss += train::cross_entropy_forward(ws.logit, target, ws.prob);
      ++scored;
    } else {
      ws.prob = (ws.logit.array() - ws.logit.maxCoeff()).exp();
      ws.prob /= ws.prob.sum();
    }
    ws.probs.col(i) = ws.prob;
  }
  return scored > 0 ? loss / scored : 0.0;
}

void backward(const DecoderConfig& c, const DecoderParams& p, const std::vector<int>& tokens,
              const std::vector<int>& targets, const Ablation& ablation, double weight,
              DecoderParams& g, DecoderWorkspace& ws) {
  const Eigen::Index n = static_cast<Eigen::Index>(tokens.size());
  const Eigen::Index dh = c.width / c.heads;
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  const train::HeadOptions options = head_options(c, ws);
  const std::size_t r = static_cast<std::size_t>(ws.group);
  int scored = 0;
  for (int t : targets) scored += t >= 0 ? 1 : 0;
  const double w = scored > 0 ? weight / scored : 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const int target = targets[static_cast<std::size_t>(i)];
    if (target < 0) {
      ws.dlogits.col(i).setZero();
      continue;
    }
    ws.prob = ws.probs.col(i);
    train::cross_entropy_backward(ws.prob, target, w, ws.dlogit);
    ws.dlogits.col(i) = ws.dlogit;
  }
  DecoderWorkspace::Layer& top = ws.layers.back();
  auto dZtop = c.feed_forward ? top.a2.dZ.leftCols(n) : top.a1.dZ.leftCols(n);
  linear_backward(p.Wout, output(c, ws, n), ws.dlogits.leftCols(n), dZtop, g.bout, ws.dWout,
                  g.Wout);
  for (std::size_t l = p.layers.size(); l-- > 0;) {
    const DecoderLayerParams& lp = p.layers[l];
    DecoderLayerParams& gl = g.layers[l];
    DecoderWorkspace::Layer& wl = ws.layers[l];
    const auto X = l == 0 ? ws.Xt.leftCols(n) : layer_output(c, ws.layers[l - 1], n);
    auto dX = l == 0 ? ws.dXt.leftCols(n)
                     : (c.feed_forward ? ws.layers[l - 1].a2.dZ.leftCols(n)
                                       : ws.layers[l - 1].a1.dZ.leftCols(n));
    if (c.feed_forward) {
      // Z2 = [LN](Z1 + FFN(Z1)): dH2 reaches Z1 through the residual and through the network.
      finish_backward(c.layer_norm, lp.gamma2, gl.gamma2, gl.beta2, n, wl.a2);
      wl.a1.dZ.leftCols(n) = wl.a2.dH.leftCols(n);
      feed_forward_backward(lp.ff, wl.a1.Z.leftCols(n), wl.a2.dH.leftCols(n), wl.a1.dZ.leftCols(n),
                            gl.ff, wl.ff);
    }
    // Z1 = [LN](X + concat W_O): the residual passes dH1 to X, W_O passes it to each head.
    finish_backward(c.layer_norm, lp.gamma1, gl.gamma1, gl.beta1, n, wl.a1);
    const auto dH1 = wl.a1.dH.leftCols(n);
    dX = dH1;
    train::SelfAttentionWorkspace& a = wl.attention;
    a.dWo.add(a.concat.leftCols(n), dH1, gl.Wo);
    matmul_into(lp.Wo, dH1, a.dconcat.leftCols(n));
    for (std::size_t h = 0; h < lp.heads.size(); ++h) {
      // An ablated head's output is a constant 0: nothing flows back through it.
      if (is_ablated(ablation, l, h, lp.heads.size())) continue;
      const std::size_t k = h - h % r;  // the head whose keys and values it uses
      train::attention_head_backward(
          X, X, lp.heads[h], lp.heads[k], scale,
          a.dconcat.middleRows(static_cast<Eigen::Index>(h) * dh, dh).leftCols(n), dX, dX,
          gl.heads[h], gl.heads[k], a.heads[h], options);
    }
  }
  const bool learned = c.positions == PositionKind::Learned;
  for (Eigen::Index i = 0; i < n; ++i) {
    g.embedding.row(tokens[static_cast<std::size_t>(i)]) += ws.dXt.col(i).transpose();
    if (learned) g.position.row(i) += ws.dXt.col(i).transpose();
  }
}

void add_weight_gradients(DecoderWorkspace& ws, DecoderParams& g) {
  ws.dWout.flush(g.Wout);
  for (std::size_t l = 0; l < ws.layers.size(); ++l) {
    train::flush(ws.layers[l].attention, g.layers[l].heads, g.layers[l].Wo, ws.group);
    if (g.layers[l].ff.W1.size() > 0) flush_weight_gradients(ws.layers[l].ff, g.layers[l].ff);
  }
}

std::int64_t forward_multiply_adds(const DecoderConfig& c, std::int64_t n) {
  const std::int64_t d = c.width, f = hidden_width(c), V = c.vocab, r = group_size(c);
  std::int64_t per_layer = n * d * d            // Q of every head (H dh = d)
                           + 2 * n * d * d / r  // K and V of every key/value head
                           + d * n * (n + 1)    // scores and weighted values, causal rows
                           + n * d * d;         // W_O
  if (c.feed_forward) per_layer += 2 * n * d * f;
  return c.layers * per_layer + n * d * V;
}

}  // namespace attn::lm
