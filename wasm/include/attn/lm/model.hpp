// The decoder-only transformer (a tiny GPT) with its backward pass:
//
//   ids -> token embedding [+ position] -> N x layer -> Z
//   layer:  Z1 = [LN](X + MaskedSelfAttention(X));  with feed-forward  Z2 = [LN](Z1 + FFN(Z1))
//   logits_i = W_out^T z_i + b_out, loss = mean over the scored positions i of
//   cross-entropy(logits_i, next token)
//
// Every layer is the core's (attn/train/self_attention.hpp heads with a causal mask,
// attn/feed_forward.hpp, attn/layer_norm.hpp, attn/linear.hpp); matrices hold tokens as columns.
// Heads run one by one so that one may be ablated: its output is replaced by zeros, in the
// forward pass and, for a model trained while ablated, in the backward pass too.
//
// Positions enter as a learned table added to the embedding (starting as the sinusoidal
// encoding), as the fixed sinusoidal encoding added, as RoPE turning every head's queries and
// keys (attn/rope.hpp, query and key i as at position i), or not at all. Heads may share keys and
// values in groups (grouped-query attention: head h uses the W_K, W_V of head h - h % r, r =
// heads / kv_heads, whose gradients gather the whole group's) and weigh by softmax plus one.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/train/params.hpp"
#include "attn/train/rng.hpp"
#include "attn/train/self_attention.hpp"

namespace attn::lm {

enum class PositionKind { Learned, Sinusoidal, Rope, None };

struct DecoderConfig {
  int vocab = 0;   // tokens, special ones included
  int width = 32;  // d
  int heads = 2;   // per layer; head width d / heads
  int layers = 2;
  bool feed_forward = false;  // a feed-forward sublayer after each attention
  bool layer_norm = false;    // layer norm after each residual sum
  int hidden = 0;             // feed-forward width; 0 = 4 d
  int max_length = 33;        // the context: positions the model has
  PositionKind positions = PositionKind::Learned;
  double rope_base = 10000;  // RoPE's base (attn/rope.hpp), > 0
  int kv_heads = 0;          // key/value heads per layer, dividing heads; 0 = heads
  SoftmaxKind softmax = SoftmaxKind::Standard;
};

// Throws std::invalid_argument: layers 1..4, heads 1..4, width 4..64 divisible by heads,
// vocab >= 2, max_length >= 2, kv_heads 0 or dividing heads, rope_base > 0 (and large enough
// that its frequencies are finite).
void validate(const DecoderConfig& config);
int hidden_width(const DecoderConfig& config);
int kv_heads(const DecoderConfig& config);    // kv_heads, or heads for 0
int group_size(const DecoderConfig& config);  // heads per key/value head

struct DecoderLayerParams {
  // Each d x dh / 1 x dh; W_K, W_V, b_K, b_V only on the first head of each group (empty on the
  // others, which use the first's).
  std::vector<train::HeadParams> heads;
  Eigen::MatrixXd Wo;                // d x d
  Eigen::RowVectorXd gamma1, beta1;  // 1 x d with layer norm, empty without
  FeedForwardWeights ff;             // empty without feed-forward
  Eigen::RowVectorXd gamma2, beta2;  // with feed-forward and layer norm
};

struct DecoderParams {
  Eigen::MatrixXd embedding;  // vocab x d, rows ~ N(0, 1)
  Eigen::MatrixXd position;   // learned only: max_length x d, starts as the sinusoidal encoding
  std::vector<DecoderLayerParams> layers;
  Eigen::MatrixXd Wout;     // d x vocab (unembedding)
  Eigen::RowVectorXd bout;  // 1 x vocab
};

DecoderParams init_params(const DecoderConfig& config, train::Rng& rng);
DecoderParams zeros_like(const DecoderParams& p);
// Every non-empty tensor, named like "layer1.head0.Wk", always in the same order.
std::vector<train::TensorView> tensors(DecoderParams& p);

// Which heads are ablated: ablated[l * heads + h]; empty = none.
using Ablation = std::vector<char>;

// Every intermediate of one sequence's forward and backward pass, sized once (sequences of up to
// max_length tokens, `sequences` backward passes between two add_weight_gradients).
struct DecoderWorkspace {
  DecoderWorkspace() = default;
  // tokens: the longest sequence that passes backward (0: max_length), for the buffers of the
  // weight gradients.
  DecoderWorkspace(const DecoderConfig& config, int sequences, int tokens = 0);

  struct AddNorm {
    Eigen::MatrixXd H, dH;  // d x n: X + F(X)
    LayerNormCache norm;
    Eigen::MatrixXd Z, dZ;  // d x n: LN(H), or H
  };
  struct Layer {
    train::SelfAttentionWorkspace attention;  // heads[h].A: n x n, column i = where i looks
    AddNorm a1, a2;
    FeedForwardCache ff;
  };
  Eigen::MatrixXd Xt, dXt;  // d x max_length
  // What positions need that is not learned, made once: the sinusoidal encoding (max_length x d)
  // added with Sinusoidal, the angles RoPE turns by with Rope.
  Eigen::MatrixXd fixed_position;
  RopeTable rope;
  int group = 1;  // heads per key/value head
  std::vector<Layer> layers;
  Eigen::MatrixXd logits, probs, dlogits;  // vocab x max_length
  Eigen::VectorXd logit, prob, dlogit;     // vocab
  WeightGradient dWout;
};

// The output of the last layer for the last forward (d x n).
Eigen::Ref<const Eigen::MatrixXd> output(const DecoderConfig& config, const DecoderWorkspace& ws,
                                         Eigen::Index n);

// tokens: n ids (1 <= n <= max_length) -> ws.probs' first n columns (column i: the next-token
// distribution after tokens[0..i]). targets: n ids or -1 where position i is not scored
// (nullptr: none). Returns the mean cross-entropy over the scored positions (0 if none).
double forward(const DecoderConfig& config, const DecoderParams& p, const std::vector<int>& tokens,
               const std::vector<int>* targets, const Ablation& ablation, DecoderWorkspace& ws);

// Gradient of weight * loss of the last forward on ws (same arguments), accumulated into g;
// the weight matrices' part once add_weight_gradients is called.
void backward(const DecoderConfig& config, const DecoderParams& p, const std::vector<int>& tokens,
              const std::vector<int>& targets, const Ablation& ablation, double weight,
              DecoderParams& g, DecoderWorkspace& ws);

void add_weight_gradients(DecoderWorkspace& ws, DecoderParams& g);

// Multiply-adds of one forward over n tokens computed the usual way, every token's keys and
// values recomputed: per layer and head the query projection (n d dh), per key/value head the
// key and value projections (2 n d dh), the
// scores and weighted values of the causal rows (2 dh n(n+1)/2), W_O (n d^2), the
// feed-forward (2 n d f), and the unembedding at every position (n d vocab). Softmax,
// layer norm and additions are not counted.
std::int64_t forward_multiply_adds(const DecoderConfig& config, std::int64_t n);

}  // namespace attn::lm
