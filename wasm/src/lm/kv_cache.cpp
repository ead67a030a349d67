#include "attn/lm/kv_cache.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "attn/positional_encoding.hpp"
#include "attn/softmax.hpp"

namespace attn::lm {

namespace {

// x = LN(x) with the training form's arithmetic (attn/layer_norm.hpp: normalize).
void layer_norm_in_place(Eigen::VectorXd& x, const Eigen::RowVectorXd& gamma,
                         const Eigen::RowVectorXd& beta) {
  Eigen::VectorXd xhat(x.size());
  normalize(x, xhat, kLayerNormEps);
  x = (xhat.array() * gamma.transpose().array() + beta.transpose().array()).matrix();
}

}  // namespace

KvCache::KvCache(const DecoderConfig& c) : config_(c) {
  validate(c);
  const Eigen::Index dh = c.width / c.heads;
  const std::size_t count = static_cast<std::size_t>(c.layers * kv_heads(c));
  keys_.assign(count, Eigen::MatrixXd(dh, c.max_length));
  values_.assign(count, Eigen::MatrixXd(dh, c.max_length));
  for (auto* v : {&x_, &h_, &concat_}) v->resize(c.width);
  q_.resize(dh);
  scores_.resize(c.max_length);
  ff_hidden_.resize(hidden_width(c));
  logits_.resize(c.vocab);
  if (c.positions == PositionKind::Sinusoidal)
    fixed_position_ = attn::positional_encoding(c.max_length, c.width);
  if (c.positions == PositionKind::Rope)
    rope_ = rope_table(dh, c.rope_base, "ropeBase", 0, c.max_length);
}

std::int64_t KvCache::entries() const {
  return 2 * static_cast<std::int64_t>(keys_.size()) * (config_.width / config_.heads) * length_;
}

const Eigen::VectorXd& KvCache::push(const DecoderParams& p, int token, const Ablation& ablation) {
  const DecoderConfig& c = config_;
  if (length_ >= c.max_length)
    throw std::invalid_argument("the context holds " + std::to_string(c.max_length) +
                                " tokens, all used");
  const Eigen::Index t = length_, d = c.width, dh = d / c.heads, n = t + 1;
  const double scale = 1.0 / std::sqrt(static_cast<double>(dh));
  if (c.positions == PositionKind::Learned)
    x_ = (p.embedding.row(token) + p.position.row(t)).transpose();
  else if (c.positions == PositionKind::Sinusoidal)
    x_ = (p.embedding.row(token) + fixed_position_.row(t)).transpose();
  else
    x_ = p.embedding.row(token).transpose();
  const bool rope = c.positions == PositionKind::Rope;
  const bool plus_one = c.softmax == SoftmaxKind::PlusOne;
  const std::size_t groups = static_cast<std::size_t>(kv_heads(c)),
                    r = static_cast<std::size_t>(group_size(c));
  std::int64_t cost = 0;
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    const DecoderLayerParams& lp = p.layers[l];
    // The new token's key and value once per key/value head (a group's first head holds them).
    for (std::size_t g = 0; g < groups; ++g) {
      const train::HeadParams& kv = lp.heads[g * r];
      const std::size_t k = l * groups + g;
      keys_[k].col(t) = kv.Wk.transpose() * x_ + kv.bk.transpose();
      values_[k].col(t) = kv.Wv.transpose() * x_ + kv.bv.transpose();
      if (rope) rope_columns(rope_, t, keys_[k].col(t));
    }
    for (std::size_t h = 0; h < lp.heads.size(); ++h) {
      const train::HeadParams& hp = lp.heads[h];
      const std::size_t k = l * groups + h / r;
      q_ = hp.Wq.transpose() * x_ + hp.bq.transpose();
      if (rope) rope_columns(rope_, t, q_);
      auto s = scores_.head(n);
      s = (keys_[k].leftCols(n).transpose() * q_) * scale;
      const double shift = softmax_shift(s.maxCoeff(), plus_one);
      s = (s.array() - shift).exp().matrix();
      s /= s.sum() + softmax_extra(shift, plus_one);
      auto out = concat_.segment(static_cast<Eigen::Index>(h) * dh, dh);
      if (!ablation.empty() && ablation[l * lp.heads.size() + h] != 0)
        out.setZero();
      else
        out = values_[k].leftCols(n) * s;
    }
    h_ = x_ + lp.Wo.transpose() * concat_;
    if (c.layer_norm) layer_norm_in_place(h_, lp.gamma1, lp.beta1);
    x_ = h_;
    if (c.feed_forward) {
      ff_hidden_ = (lp.ff.W1.transpose() * x_ + lp.ff.b1.transpose()).cwiseMax(0.0);
      h_ = x_ + lp.ff.W2.transpose() * ff_hidden_ + lp.ff.b2.transpose();
      if (c.layer_norm) layer_norm_in_place(h_, lp.gamma2, lp.beta2);
      x_ = h_;
      cost += 2 * d * hidden_width(c);
    }
    // Projections (keys and values per key/value head), one row of scores and values, W_O.
    cost += d * d + 2 * d * (d / static_cast<std::int64_t>(r)) + 2 * d * n + d * d;
  }
  logits_ = p.Wout.transpose() * x_ + p.bout.transpose();
  cost += d * c.vocab;
  multiply_adds_ = cost;
  ++length_;
  return logits_;
}

}  // namespace attn::lm
