#include "attn/train/params.hpp"

#include <cmath>
#include <stdexcept>

namespace attn::train {

namespace {

Eigen::MatrixXd normal_matrix(Eigen::Index rows, Eigen::Index cols, double stddev, Rng& rng) {
  Eigen::MatrixXd M(rows, cols);
  // Filled row by row explicitly: the draw order is part of "same seed, same run".
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) M(i, j) = stddev * rng.normal();
  return M;
}

}  // namespace

void validate(const ModelConfig& c) {
  if (c.heads < 1 || c.heads > 4)
    throw std::invalid_argument("heads must be 1 to 4, got " + std::to_string(c.heads));
  if (c.width < 4 || c.width > 32)
    throw std::invalid_argument("width must be 4 to 32, got " + std::to_string(c.width));
  if (c.width % c.heads != 0)
    throw std::invalid_argument("width " + std::to_string(c.width) + " is not divisible by heads " +
                                std::to_string(c.heads) +
                                " (each head gets width / heads columns)");
  if (c.vocab < 1) throw std::invalid_argument("the vocabulary is empty");
  if (c.classes < 2) throw std::invalid_argument("the read-out needs at least 2 classes");
  if (c.max_length < 1) throw std::invalid_argument("max_length must be at least 1");
}

Params init_params(const ModelConfig& c, Rng& rng) {
  validate(c);
  const int d = c.width, dh = c.width / c.heads;
  const double s = 1.0 / std::sqrt(static_cast<double>(d));
  Params p;
  p.embedding = normal_matrix(c.vocab, d, 1.0, rng);
  p.heads.resize(static_cast<std::size_t>(c.heads));
  for (auto& h : p.heads) {
    h.Wq = normal_matrix(d, dh, s, rng);
    h.Wk = normal_matrix(d, dh, s, rng);
    h.Wv = normal_matrix(d, dh, s, rng);
    h.bq = h.bk = h.bv = Eigen::RowVectorXd::Zero(dh);
  }
  p.Wo = normal_matrix(d, d, s, rng);
  if (c.layer_norm) {
    p.gamma = Eigen::RowVectorXd::Ones(d);
    p.beta = Eigen::RowVectorXd::Zero(d);
  }
  p.Wr = normal_matrix(d, c.classes, s, rng);
  p.br = Eigen::RowVectorXd::Zero(c.classes);
  return p;
}

Params zeros_like(const Params& p) {
  Params g = p;
  for (auto& t : tensors(g)) std::fill(t.data, t.data + t.size, 0.0);
  return g;
}

std::vector<TensorView> tensors(Params& p) {
  std::vector<TensorView> out;
  auto add = [&out](std::string name, auto& m) {
    if (m.size() > 0) out.push_back({std::move(name), m.data(), m.size()});
  };
  add("embedding", p.embedding);
  for (std::size_t h = 0; h < p.heads.size(); ++h) {
    const std::string k = "head" + std::to_string(h) + ".";
    add(k + "Wq", p.heads[h].Wq);
    add(k + "Wk", p.heads[h].Wk);
    add(k + "Wv", p.heads[h].Wv);
    add(k + "bq", p.heads[h].bq);
    add(k + "bk", p.heads[h].bk);
    add(k + "bv", p.heads[h].bv);
  }
  add("Wo", p.Wo);
  add("gamma", p.gamma);
  add("beta", p.beta);
  add("Wr", p.Wr);
  add("br", p.br);
  return out;
}

}  // namespace attn::train
