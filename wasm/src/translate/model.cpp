#include "attn/translate/model.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "attn/train/cross_entropy.hpp"
#include "attn/train/embedding.hpp"

namespace attn::translate {

using train::attention_backward;
using train::attention_forward;
using train::Mask;
using train::normal_matrix;

namespace {

AttentionParams init_attention(int d, int heads, train::Rng& rng) {
  AttentionParams a;
  a.heads = train::init_heads(d, heads, rng);
  a.Wo = normal_matrix(d, d, 1.0 / std::sqrt(static_cast<double>(d)), rng);
  return a;
}

NormParams init_norm(int d) { return {Eigen::RowVectorXd::Ones(d), Eigen::RowVectorXd::Zero(d)}; }

Workspace::AddNorm make_add_norm(Eigen::Index d, Eigen::Index n) {
  Workspace::AddNorm a;
  for (auto* m : {&a.H, &a.dH, &a.Z, &a.dZ}) m->resize(d, n);
  a.norm.xhat.resize(d, n);
  a.norm.inv_std.resize(n);
  return a;
}

// Z = LN(X + F), F already in a.H: H += X, Z = layer_norm(H).
void add_norm_forward(const NormParams& p, const MatrixRef& Xt, Workspace::AddNorm& a) {
  const Eigen::Index n = Xt.cols();
  auto H = a.H.leftCols(n);
  H += Xt;
  layer_norm_forward(H, p.gamma, p.beta, a.Z.leftCols(n), a.norm);
}

// dZ in a.dZ -> a.dH = d loss / d (X + F), which is both dF and the residual's part of dX.
void add_norm_backward(const NormParams& p, Eigen::Index n, Workspace::AddNorm& a, NormParams& g) {
  layer_norm_backward(a.dZ.leftCols(n), p.gamma, a.norm, a.dH.leftCols(n), g.gamma, g.beta);
}

}  // namespace

void validate(const EncoderDecoderConfig& c) {
  train::validate_shape(c.layers, c.heads, c.width);  // the trainer's limits
  if (c.source_vocab < 1 || c.target_vocab < 2)
    throw std::invalid_argument("the vocabularies need a source word and two target words");
  if (c.hidden < 0) throw std::invalid_argument("the feed-forward width must be >= 0");
  if (c.max_source < 1 || c.max_target < 1)
    throw std::invalid_argument("the longest source and target must be at least 1 token");
}

int hidden_width(const EncoderDecoderConfig& c) { return c.hidden > 0 ? c.hidden : 2 * c.width; }

EncoderDecoderParams init_params(const EncoderDecoderConfig& c, train::Rng& rng) {
  validate(c);
  const int d = c.width, f = hidden_width(c);
  EncoderDecoderParams p;
  p.source_embedding = normal_matrix(c.source_vocab, d, 1.0, rng);
  p.target_embedding = normal_matrix(c.target_vocab, d, 1.0, rng);
  p.encoder.resize(static_cast<std::size_t>(c.layers));
  for (auto& e : p.encoder) {
    e.self = init_attention(d, c.heads, rng);
    e.norm1 = init_norm(d);
    e.ff = train::init_feed_forward(d, f, rng);
    e.norm2 = init_norm(d);
  }
  p.decoder.resize(static_cast<std::size_t>(c.layers));
  for (auto& l : p.decoder) {
    l.self = init_attention(d, c.heads, rng);
    l.norm1 = init_norm(d);
    l.cross = init_attention(d, c.heads, rng);
    l.norm2 = init_norm(d);
    l.ff = train::init_feed_forward(d, f, rng);
    l.norm3 = init_norm(d);
  }
  p.Wout = normal_matrix(d, c.target_vocab, 1.0 / std::sqrt(static_cast<double>(d)), rng);
  p.bout = Eigen::RowVectorXd::Zero(c.target_vocab);
  return p;
}

EncoderDecoderParams zeros_like(const EncoderDecoderParams& p) {
  return train::zeros_from_tensors(p);
}

std::vector<train::TensorView> tensors(EncoderDecoderParams& p) {
  std::vector<train::TensorView> out;
  auto add = [&out](std::string name, auto& m) { train::add_tensor(out, std::move(name), m); };
  auto attention = [&](const std::string& k, AttentionParams& a) {
    train::add_head_tensors(out, k + ".", a.heads);
    add(k + ".Wo", a.Wo);
  };
  auto norm = [&](const std::string& k, NormParams& n) {
    add(k + ".gamma", n.gamma);
    add(k + ".beta", n.beta);
  };
  auto ff = [&](const std::string& k, FeedForwardWeights& f) {
    train::add_feed_forward_tensors(out, k + ".", f);
  };
  add("source_embedding", p.source_embedding);
  add("target_embedding", p.target_embedding);
  for (std::size_t l = 0; l < p.encoder.size(); ++l) {
    const std::string k = "encoder" + std::to_string(l);
    attention(k + ".self", p.encoder[l].self);
    norm(k + ".norm1", p.encoder[l].norm1);
    ff(k + ".ff", p.encoder[l].ff);
    norm(k + ".norm2", p.encoder[l].norm2);
  }
  for (std::size_t l = 0; l < p.decoder.size(); ++l) {
    const std::string k = "decoder" + std::to_string(l);
    attention(k + ".self", p.decoder[l].self);
    norm(k + ".norm1", p.decoder[l].norm1);
    attention(k + ".cross", p.decoder[l].cross);
    norm(k + ".norm2", p.decoder[l].norm2);
    ff(k + ".ff", p.decoder[l].ff);
    norm(k + ".norm3", p.decoder[l].norm3);
  }
  add("Wout", p.Wout);
  add("bout", p.bout);
  return out;
}

Workspace::Workspace(const EncoderDecoderConfig& c, int sentences)
    : dWout(sentences * c.max_target, c.width, c.target_vocab) {
  const Eigen::Index d = c.width, f = hidden_width(c), S = c.max_source, T = c.max_target;
  for (auto* m : {&Xs, &dXs, &dE}) m->resize(d, S);
  for (auto* m : {&Xt, &dXt}) m->resize(d, T);
  encoder.resize(static_cast<std::size_t>(c.layers));
  for (auto& e : encoder) {
    e.self = train::SelfAttentionWorkspace(d, c.heads, S, S, sentences * S);
    e.a1 = make_add_norm(d, S);
    e.a2 = make_add_norm(d, S);
    e.ff = FeedForwardCache(d, f, d, S, sentences * S);
  }
  decoder.resize(static_cast<std::size_t>(c.layers));
  for (auto& l : decoder) {
    l.self = train::SelfAttentionWorkspace(d, c.heads, T, T, sentences * T);
    l.cross = train::SelfAttentionWorkspace(d, c.heads, S, T, sentences * T);
    l.a1 = make_add_norm(d, T);
    l.a2 = make_add_norm(d, T);
    l.a3 = make_add_norm(d, T);
    l.ff = FeedForwardCache(d, f, d, T, sentences * T);
  }
  for (auto* m : {&logits, &probs, &dlogits}) m->resize(c.target_vocab, T);
  for (auto* v : {&logit, &prob, &dlogit}) v->resize(c.target_vocab);
}

Eigen::Ref<const Eigen::MatrixXd> encoder_output(const Workspace& ws, Eigen::Index S) {
  return ws.encoder.back().a2.Z.leftCols(S);
}

void encode(const EncoderDecoderConfig&, const EncoderDecoderParams& p,
            const Eigen::MatrixXd& position, const std::vector<int>& source, Workspace& ws) {
  const Eigen::Index S = static_cast<Eigen::Index>(source.size());
  ws.source_length = S;
  train::embedding_forward(p.source_embedding, source, position, ws.Xs.leftCols(S));
  for (std::size_t l = 0; l < p.encoder.size(); ++l) {
    const EncoderLayerParams& e = p.encoder[l];
    Workspace::Encoder& w = ws.encoder[l];
    const auto X = l == 0 ? ws.Xs.leftCols(S) : ws.encoder[l - 1].a2.Z.leftCols(S);
    attention_forward(X, X, Mask{}, e.self.heads, e.self.Wo, w.a1.H.leftCols(S), w.self);
    add_norm_forward(e.norm1, X, w.a1);
    const auto Z1 = w.a1.Z.leftCols(S);
    feed_forward_forward(e.ff, Z1, w.a2.H.leftCols(S), w.ff);
    add_norm_forward(e.norm2, Z1, w.a2);
  }
}

double decode(const EncoderDecoderConfig&, const EncoderDecoderParams& p,
              const Eigen::MatrixXd& position, const std::vector<int>& input,
              const std::vector<int>* target, Workspace& ws) {
  const Eigen::Index T = static_cast<Eigen::Index>(input.size());
  const auto E = encoder_output(ws, ws.source_length);
  train::embedding_forward(p.target_embedding, input, position, ws.Xt.leftCols(T));
  for (std::size_t l = 0; l < p.decoder.size(); ++l) {
    const DecoderLayerParams& dl = p.decoder[l];
    Workspace::Decoder& w = ws.decoder[l];
    const auto Y = l == 0 ? ws.Xt.leftCols(T) : ws.decoder[l - 1].a3.Z.leftCols(T);
    attention_forward(Y, Y, Mask{true, 0}, dl.self.heads, dl.self.Wo, w.a1.H.leftCols(T), w.self);
    add_norm_forward(dl.norm1, Y, w.a1);
    const auto Z1 = w.a1.Z.leftCols(T);
    attention_forward(Z1, E, Mask{}, dl.cross.heads, dl.cross.Wo, w.a2.H.leftCols(T), w.cross);
    add_norm_forward(dl.norm2, Z1, w.a2);
    const auto Z2 = w.a2.Z.leftCols(T);
    feed_forward_forward(dl.ff, Z2, w.a3.H.leftCols(T), w.ff);
    add_norm_forward(dl.norm3, Z2, w.a3);
  }
  linear_forward(p.Wout, p.bout, ws.decoder.back().a3.Z.leftCols(T), ws.logits.leftCols(T));
  double loss = 0.0;
  for (Eigen::Index i = 0; i < T; ++i) {
    ws.logit = ws.logits.col(i);
    if (target) {
      loss +=
          train::cross_entropy_forward(ws.logit, (*target)[static_cast<std::size_t>(i)], ws.prob);
    } else {
      ws.prob = (ws.logit.array() - ws.logit.maxCoeff()).exp();
      ws.prob /= ws.prob.sum();
    }
    ws.probs.col(i) = ws.prob;
  }
  return loss / static_cast<double>(T);
}

double forward(const EncoderDecoderConfig& c, const EncoderDecoderParams& p,
               const Eigen::MatrixXd& position, const std::vector<int>& source,
               const std::vector<int>& decoder_input, const std::vector<int>& target,
               Workspace& ws) {
  encode(c, p, position, source, ws);
  return decode(c, p, position, decoder_input, &target, ws);
}

void backward(const EncoderDecoderConfig&, const EncoderDecoderParams& p,
              const std::vector<int>& source, const std::vector<int>& input,
              const std::vector<int>& target, double weight, EncoderDecoderParams& g,
              Workspace& ws) {
  const Eigen::Index S = static_cast<Eigen::Index>(source.size());
  const Eigen::Index T = static_cast<Eigen::Index>(input.size());
  // loss = mean over the T tokens of -log p_i[target_i]
  const double w = weight / static_cast<double>(T);
  for (Eigen::Index i = 0; i < T; ++i) {
    ws.prob = ws.probs.col(i);
    train::cross_entropy_backward(ws.prob, target[static_cast<std::size_t>(i)], w, ws.dlogit);
    ws.dlogits.col(i) = ws.dlogit;
  }
  // logits = Wout^T Z + bout
  Workspace::Decoder& top = ws.decoder.back();
  linear_backward(p.Wout, top.a3.Z.leftCols(T), ws.dlogits.leftCols(T), top.a3.dZ.leftCols(T),
                  g.bout, ws.dWout, g.Wout);
  const auto E = encoder_output(ws, S);
  auto dE = ws.dE.leftCols(S);
  dE.setZero();
  for (std::size_t l = p.decoder.size(); l-- > 0;) {
    const DecoderLayerParams& dl = p.decoder[l];
    DecoderLayerParams& gl = g.decoder[l];
    Workspace::Decoder& w = ws.decoder[l];
    const auto Y = l == 0 ? ws.Xt.leftCols(T) : ws.decoder[l - 1].a3.Z.leftCols(T);
    auto dY = l == 0 ? ws.dXt.leftCols(T) : ws.decoder[l - 1].a3.dZ.leftCols(T);
    const auto Z1 = w.a1.Z.leftCols(T), Z2 = w.a2.Z.leftCols(T);
    // Z3 = LN(Z2 + FFN(Z2)): dH3 reaches Z2 through the residual and through the network.
    add_norm_backward(dl.norm3, T, w.a3, gl.norm3);
    w.a2.dZ.leftCols(T) = w.a3.dH.leftCols(T);
    feed_forward_backward(dl.ff, Z2, w.a3.dH.leftCols(T), w.a2.dZ.leftCols(T), gl.ff, w.ff);
    // Z2 = LN(Z1 + CrossAttention(Z1, E)): the queries' part to Z1, the keys' and values' to E.
    add_norm_backward(dl.norm2, T, w.a2, gl.norm2);
    w.a1.dZ.leftCols(T) = w.a2.dH.leftCols(T);
    attention_backward(Z1, E, Mask{}, dl.cross.heads, dl.cross.Wo, w.a2.dH.leftCols(T),
                       w.a1.dZ.leftCols(T), dE, gl.cross.heads, gl.cross.Wo, w.cross);
    // Z1 = LN(Y + MaskedSelfAttention(Y))
    add_norm_backward(dl.norm1, T, w.a1, gl.norm1);
    dY = w.a1.dH.leftCols(T);
    attention_backward(Y, Y, Mask{true, 0}, dl.self.heads, dl.self.Wo, w.a1.dH.leftCols(T), dY, dY,
                       gl.self.heads, gl.self.Wo, w.self);
  }
  train::embedding_backward(ws.dXt.leftCols(T), input, g.target_embedding);
  ws.encoder.back().a2.dZ.leftCols(S) = dE;
  for (std::size_t l = p.encoder.size(); l-- > 0;) {
    const EncoderLayerParams& e = p.encoder[l];
    EncoderLayerParams& ge = g.encoder[l];
    Workspace::Encoder& w = ws.encoder[l];
    const auto X = l == 0 ? ws.Xs.leftCols(S) : ws.encoder[l - 1].a2.Z.leftCols(S);
    auto dX = l == 0 ? ws.dXs.leftCols(S) : ws.encoder[l - 1].a2.dZ.leftCols(S);
    const auto Z1 = w.a1.Z.leftCols(S);
    add_norm_backward(e.norm2, S, w.a2, ge.norm2);
    w.a1.dZ.leftCols(S) = w.a2.dH.leftCols(S);
    feed_forward_backward(e.ff, Z1, w.a2.dH.leftCols(S), w.a1.dZ.leftCols(S), ge.ff, w.ff);
    add_norm_backward(e.norm1, S, w.a1, ge.norm1);
    dX = w.a1.dH.leftCols(S);
    attention_backward(X, X, Mask{}, e.self.heads, e.self.Wo, w.a1.dH.leftCols(S), dX, dX,
                       ge.self.heads, ge.self.Wo, w.self);
  }
  train::embedding_backward(ws.dXs.leftCols(S), source, g.source_embedding);
}

void add_weight_gradients(Workspace& ws, EncoderDecoderParams& g) {
  ws.dWout.flush(g.Wout);
  for (std::size_t l = 0; l < ws.encoder.size(); ++l) {
    Workspace::Encoder& w = ws.encoder[l];
    train::flush(w.self, g.encoder[l].self.heads, g.encoder[l].self.Wo);
    flush_weight_gradients(w.ff, g.encoder[l].ff);
  }
  for (std::size_t l = 0; l < ws.decoder.size(); ++l) {
    Workspace::Decoder& w = ws.decoder[l];
    train::flush(w.self, g.decoder[l].self.heads, g.decoder[l].self.Wo);
    train::flush(w.cross, g.decoder[l].cross.heads, g.decoder[l].cross.Wo);
    flush_weight_gradients(w.ff, g.decoder[l].ff);
  }
}

std::vector<int> shifted_right(const std::vector<int>& target, int bos) {
  std::vector<int> input{bos};
  input.insert(input.end(), target.begin(), target.end() - (target.empty() ? 0 : 1));
  return input;
}

}  // namespace attn::translate
