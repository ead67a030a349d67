#include "attn/train/params.hpp"

#include <cmath>
#include <stdexcept>

namespace attn::train {

Eigen::MatrixXd normal_matrix(Eigen::Index rows, Eigen::Index cols, double stddev, Rng& rng) {
  Eigen::MatrixXd M(rows, cols);
  // Filled row by row explicitly: the draw order is part of "same seed, same run".
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) M(i, j) = stddev * rng.normal();
  return M;
}

std::vector<HeadParams> init_heads(int d, int count, Rng& rng) {
  const int dh = d / count;
  const double s = 1.0 / std::sqrt(static_cast<double>(d));
  std::vector<HeadParams> heads(static_cast<std::size_t>(count));
  for (auto& h : heads) {
    h.Wq = normal_matrix(d, dh, s, rng);
    h.Wk = normal_matrix(d, dh, s, rng);
    h.Wv = normal_matrix(d, dh, s, rng);
    h.bq = h.bk = h.bv = Eigen::RowVectorXd::Zero(dh);
  }
  return heads;
}

FeedForwardWeights init_feed_forward(int d, int f, Rng& rng) {
  FeedForwardWeights ff;
  ff.W1 = normal_matrix(d, f, 1.0 / std::sqrt(static_cast<double>(d)), rng);
  ff.b1 = Eigen::RowVectorXd::Zero(f);
  ff.W2 = normal_matrix(f, d, 1.0 / std::sqrt(static_cast<double>(f)), rng);
  ff.b2 = Eigen::RowVectorXd::Zero(d);
  return ff;
}

void validate_shape(int layers, int heads, int width) {
  if (layers < 1 || layers > 2)
    throw std::invalid_argument("layers must be 1 or 2, got " + std::to_string(layers));
  if (heads < 1 || heads > 4)
    throw std::invalid_argument("heads must be 1 to 4, got " + std::to_string(heads));
  if (width < 4 || width > 32)
    throw std::invalid_argument("width must be 4 to 32, got " + std::to_string(width));
  if (width % heads != 0)
    throw std::invalid_argument("width " + std::to_string(width) + " is not divisible by heads " +
                                std::to_string(heads) + " (each head gets width / heads columns)");
}

void validate(const ClassifierConfig& c) {
  validate_shape(c.layers, c.heads, c.width);
  if (c.vocab < 1) throw std::invalid_argument("the vocabulary is empty");
  if (c.classes < 2) throw std::invalid_argument("the read-out needs at least 2 classes");
  if (c.max_length < 1) throw std::invalid_argument("max_length must be at least 1");
}

ClassifierParams init_params(const ClassifierConfig& c, Rng& rng) {
  validate(c);
  const int d = c.width;
  const double s = 1.0 / std::sqrt(static_cast<double>(d));
  ClassifierParams p;
  p.embedding = normal_matrix(c.vocab, d, 1.0, rng);
  // Layer by layer, so a one-layer model draws exactly what it drew before layers existed.
  p.layers.resize(static_cast<std::size_t>(c.layers));
  for (auto& layer : p.layers) {
    layer.heads = init_heads(d, c.heads, rng);
    layer.Wo = normal_matrix(d, d, s, rng);
    if (c.layer_norm) {
      layer.gamma = Eigen::RowVectorXd::Ones(d);
      layer.beta = Eigen::RowVectorXd::Zero(d);
    }
  }
  // The read-out starts a tenth of the other weights' scale, so that an untrained model's logits
  // are near zero and its answer near uniform: loss about ln(classes), no class much above
  // 1 / classes. At full scale the untrained model was confidently wrong (loss 3.29 for 8
  // classes, one answer at 97%), which a learner reads as knowledge it does not have. Same draws
  // as before, scaled, so every other tensor of a seed is unchanged.
  p.Wr = normal_matrix(d, c.classes, 0.1 * s, rng);
  p.br = Eigen::RowVectorXd::Zero(c.classes);
  return p;
}

ClassifierParams zeros_like(const ClassifierParams& p) { return zeros_from_tensors(p); }

void add_head_tensors(std::vector<TensorView>& out, const std::string& prefix,
                      std::vector<HeadParams>& heads) {
  for (std::size_t h = 0; h < heads.size(); ++h) {
    const std::string k = prefix + "head" + std::to_string(h) + ".";
    add_tensor(out, k + "Wq", heads[h].Wq);
    add_tensor(out, k + "Wk", heads[h].Wk);
    add_tensor(out, k + "Wv", heads[h].Wv);
    add_tensor(out, k + "bq", heads[h].bq);
    add_tensor(out, k + "bk", heads[h].bk);
    add_tensor(out, k + "bv", heads[h].bv);
  }
}

void add_feed_forward_tensors(std::vector<TensorView>& out, const std::string& prefix,
                              FeedForwardWeights& ff) {
  add_tensor(out, prefix + "W1", ff.W1);
  add_tensor(out, prefix + "b1", ff.b1);
  add_tensor(out, prefix + "W2", ff.W2);
  add_tensor(out, prefix + "b2", ff.b2);
}

std::vector<TensorView> tensors(ClassifierParams& p) {
  std::vector<TensorView> out;
  add_tensor(out, "embedding", p.embedding);
  for (std::size_t l = 0; l < p.layers.size(); ++l) {
    LayerParams& layer = p.layers[l];
    const std::string prefix = "layer" + std::to_string(l) + ".";
    add_head_tensors(out, prefix, layer.heads);
    add_tensor(out, prefix + "Wo", layer.Wo);
    add_tensor(out, prefix + "gamma", layer.gamma);
    add_tensor(out, prefix + "beta", layer.beta);
  }
  add_tensor(out, "Wr", p.Wr);
  add_tensor(out, "br", p.br);
  return out;
}

}  // namespace attn::train
