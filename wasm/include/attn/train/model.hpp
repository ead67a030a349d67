// The tiny transformer: embedding + position -> one or two attention layers (self-attention ->
// residual -> optional layer norm) -> read-out at the question's token -> cross-entropy.
//
// One model, run for the query tokens it is asked for. The loss reads one token's output (the
// question word's), so the training step asks for that token only: its query, scores, weights
// and context, while every token still serves as key and value. The page's attention maps ask
// for every token. Only the last layer can be run for a few queries: every token of a lower
// layer's output is a key and value of the layer above, so a lower layer runs for every token. Both
// run the same layer code (self_attention.hpp, attn/layer_norm.hpp, attn/linear.hpp), each layer's
// backward beside its forward.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/train/params.hpp"
#include "attn/train/self_attention.hpp"

namespace attn::train {

// Every intermediate of one sentence's forward and backward pass, allocated once for a model's
// shape (sentences up to config.max_length) so that training allocates nothing per sentence:
// at width 16 a sentence is ~4,500 multiply-adds, and malloc/free cost as much as the
// arithmetic. Matrices hold tokens as columns; a sentence uses their first columns.
struct ModelWorkspace {
  ModelWorkspace() = default;
  // sentences: how many backward passes may precede add_weight_gradients (a batch);
  // queries: the most query tokens a forward pass may ask for (the training step asks for 1).
  ModelWorkspace(const ClassifierConfig& config, int sentences, int queries);

  Eigen::MatrixXd Xt, dXt;  // d x max_length: embedding + position, and its gradient
  struct Layer {
    SelfAttentionWorkspace attention;
    // d x its queries (the last layer's queries; every token below it), for input X:
    Eigen::MatrixXd Ht, dHt;  // X + attention(X) at the query tokens (residual)
    LayerNormCache norm;
    Eigen::MatrixXd Zt, dZt;  // layer_norm(H), or H without layer norm
  };
  std::vector<Layer> layers;
  Eigen::VectorXd logits, dlogits;  // classes, at the question's token
  Eigen::VectorXd probs;            // classes: the read-out's softmax
  WeightGradient dWr;
};

// tokens: n ids (1 <= n <= max_length); queries: the tokens whose attention output is computed
// (they must include `query`, the token the read-out answers at); target: the right class, or
// -1 when unknown (then the loss is 0). ws.probs receives the read-out's probabilities and
// ws.layers[l].attention layer l's weights (heads[h].A column i: where its query i looks; the
// last layer's queries are `queries`, a lower layer's every token).
// logits = W_r^T z_query + b_r,  loss = cross-entropy(logits, target)
double model_forward(const ClassifierConfig& config, const ClassifierParams& p,
                     const Eigen::MatrixXd& position, const std::vector<int>& tokens,
                     Queries queries, int query, int target, ModelWorkspace& ws);

// Gradient of weight * loss of the last model_forward on ws (same arguments), accumulated (+=)
// into g; the weight matrices' part once add_weight_gradients is called.
void model_backward(const ClassifierConfig& config, const ClassifierParams& p,
                    const std::vector<int>& tokens, Queries queries, int query, int target,
                    double weight, ClassifierParams& g, ModelWorkspace& ws);

// Adds the weight gradients kept in ws since the last call to g (W_r, W_O and each head's W_Q,
// W_K, W_V of every layer), as one matrix product each.
void add_weight_gradients(ModelWorkspace& ws, ClassifierParams& g);

}  // namespace attn::train
