// The trainable numbers of the tiny transformer, and a flat view of them for optimisers.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <string>
#include <vector>

#include "attn/feed_forward.hpp"
#include "attn/train/rng.hpp"
#include "attn/train/self_attention.hpp"

namespace attn::train {

// Shape of the model. Checked by validate(): 1 <= layers <= 2, 1 <= heads <= 4,
// 4 <= width <= 32, width divisible by heads, vocab >= 1, classes >= 2, max_length >= 1.
struct ClassifierConfig {
  int vocab = 0;    // words the task knows
  int classes = 0;  // candidate answers of the read-out
  int width = 16;   // d, the model width
  int heads = 1;    // per layer; head dimension dh = width / heads
  int layers = 1;   // stacked attention layers, each with its own heads, W_O and layer norm
  bool layer_norm = false;
  int max_length = 32;  // longest sentence (positional encoding rows)
};

// The sizes the models are built for (the declarations allow no more): layers 1..2, heads 1..4,
// width 4..32 and divisible by heads; std::invalid_argument naming the first that is not.
void validate_shape(int layers, int heads, int width);
void validate(const ClassifierConfig& config);  // throws std::invalid_argument

// One attention layer: Z = layer_norm(X + [C_1 ... C_H] W_O), or without layer norm X + ...
struct LayerParams {
  std::vector<HeadParams> heads;   // each d x dh / 1 x dh
  Eigen::MatrixXd Wo;              // d x d
  Eigen::RowVectorXd gamma, beta;  // 1 x d with layer norm, empty without
};

struct ClassifierParams {
  Eigen::MatrixXd embedding;        // vocab x d
  std::vector<LayerParams> layers;  // the first reads the embedding, the last feeds the read-out
  Eigen::MatrixXd Wr;               // d x classes (read-out)
  Eigen::RowVectorXd br;            // 1 x classes
};

// rows x cols entries ~ N(0, stddev^2), drawn row by row from rng.
Eigen::MatrixXd normal_matrix(Eigen::Index rows, Eigen::Index cols, double stddev, Rng& rng);

// count heads of width d: W_Q, W_K, W_V ~ N(0, 1/d) drawn head by head in that order, biases 0.
std::vector<HeadParams> init_heads(int d, int count, Rng& rng);

// A feed-forward network d -> f -> d: W1 ~ N(0, 1/d), then W2 ~ N(0, 1/f), biases 0.
FeedForwardWeights init_feed_forward(int d, int f, Rng& rng);

// Weights ~ N(0, 1/fan_in) (embedding rows ~ N(0, 1), the scale of the
// positional encoding), biases 0, gamma 1. Draws in a fixed order from rng.
ClassifierParams init_params(const ClassifierConfig& config, Rng& rng);

// Same shapes, every entry 0 (a gradient accumulator).
ClassifierParams zeros_like(const ClassifierParams& p);

// One tensor seen as a flat array, named like "layer0.head0.Wq" for tests and errors.
struct TensorView {
  std::string name;
  double* data;
  Eigen::Index size;
};

// Every non-empty tensor of p, always in the same order (optimisers keep
// their per-tensor state by position in this list).
std::vector<TensorView> tensors(ClassifierParams& p);

// Appends m as one view named `name`, unless it is empty. Both models' tensors() lists are
// built from these two, so a head's tensors are named and ordered alike in both.
template <class Matrix>
void add_tensor(std::vector<TensorView>& out, std::string name, Matrix& m) {
  if (m.size() > 0) out.push_back({std::move(name), m.data(), m.size()});
}
// Each head's Wq, Wk, Wv, bq, bk, bv, named prefix + "head<h>." + tensor.
void add_head_tensors(std::vector<TensorView>& out, const std::string& prefix,
                      std::vector<HeadParams>& heads);

// A feed-forward network's W1, b1, W2, b2, named prefix + tensor.
void add_feed_forward_tensors(std::vector<TensorView>& out, const std::string& prefix,
                              FeedForwardWeights& ff);

// A copy of p with every entry of every tensor 0 (a gradient accumulator), for any parameter
// set that lists its tensors with tensors().
template <class P>
P zeros_from_tensors(const P& p) {
  P g = p;
  for (auto& t : tensors(g)) std::fill(t.data, t.data + t.size, 0.0);
  return g;
}

}  // namespace attn::train
