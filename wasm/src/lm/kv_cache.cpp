#include "attn/lm/kv_cache.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

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
  const std::size_t count = static_cast<std::size_t>(c.layers * c.heads);
  keys_.assign(count, Eigen::MatrixXd(dh, c.max_length));
  values_.assign(count, Eigen::MatrixXd(dh, c.max_length));
  for (auto* v : {&x_, &h_, &concat_}) v->resize(c.width);
  q_.resize(dh);
  scores_.resize(c.max_length);
  ff_hidden_.resize(hidden_width(c));
  logits_.resize(c.vocab);
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
  x_ = (p.embedding.row(token) + p.position.row(t)).transpose();
  std::int64_t cost = 0;
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    const DecoderLayerParams& lp = p.layers[l];
    for (std::size_t h = 0; h < lp.heads.size(); ++h) {
      const train::HeadParams& hp = lp.heads[h];
      const std::size_t k = l * lp.heads.size() + h;
      q_ = hp.Wq.transpose() * x_ + hp.bq.transpose();
      keys_[k].col(t) = hp.Wk.transpose() * x_ + hp.bk.transpose();
      values_[k].col(t) = hp.Wv.transpose() * x_ + hp.bv.transpose();
      auto s = scores_.head(n);
      s = (keys_[k].leftCols(n).transpose() * q_) * scale;
      s = (s.array() - s.maxCoeff()).exp().matrix();
      s /= s.sum();
      auto out = concat_.segment(static_cast<Eigen::Index>(h) * dh, dh);
      if (!ablation.empty() && ablation[k] != 0)
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
    cost += 3 * d * d + 2 * d * n + d * d;  // projections, one row of scores and values, W_O
  }
  logits_ = p.Wout.transpose() * x_ + p.bout.transpose();
  cost += d * c.vocab;
  multiply_adds_ = cost;
  ++length_;
  return logits_;
}

}  // namespace attn::lm
