// The encoder-decoder transformer (Vaswani et al., 2017) at toy size, with its backward pass:
//
//   source ids -> embedding + position -> N x encoder layer -> E (the encoder's output)
//   <bos> + target shifted right -> embedding + position -> N x decoder layer (reading E)
//     -> linear to the target vocabulary -> softmax -> cross-entropy with teacher forcing
//
//   encoder layer:  Z1 = LN(X + SelfAttention(X));  Z2 = LN(Z1 + FFN(Z1))
//   decoder layer:  Z1 = LN(Y + MaskedSelfAttention(Y));  Z2 = LN(Z1 + CrossAttention(Z1, E));
//                   Z3 = LN(Z2 + FFN(Z2))
//   FFN(x) = max(0, x W1 + b1) W2 + b2
//
// Every layer is the core's: the attention of attn/train/self_attention.hpp (attention_forward
// with queries from one sequence and keys and values from another, and a causal mask), the
// feed-forward network of attn/feed_forward.hpp, the embedding, layer norm, linear maps,
// cross-entropy, optimisers and training loop (docs/architecture.md). Matrices hold tokens as
// columns.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/train/params.hpp"
#include "attn/train/rng.hpp"
#include "attn/train/self_attention.hpp"

namespace attn::translate {

// Checked by validate(): 1 <= layers <= 2, 1 <= heads <= 4, 4 <= width <= 32, width divisible
// by heads, both vocabularies and both lengths >= 1 (the target vocabulary >= 2: <bos>, <eos>).
struct EncoderDecoderConfig {
  int source_vocab = 0, target_vocab = 0;
  int width = 32;                      // d
  int heads = 2;                       // per attention block; head dimension d / heads
  int layers = 1;                      // encoder layers, and as many decoder layers
  int hidden = 0;                      // feed-forward width; 0 = 2 d
  int max_source = 8, max_target = 8;  // longest source sentence, longest target (with <eos>)
};

void validate(const EncoderDecoderConfig& config);  // throws std::invalid_argument
int hidden_width(const EncoderDecoderConfig& config);

struct AttentionParams {
  std::vector<train::HeadParams> heads;  // each d x dh / 1 x dh
  Eigen::MatrixXd Wo;                    // d x d
};
struct NormParams {
  Eigen::RowVectorXd gamma, beta;  // 1 x d
};
struct EncoderLayerParams {
  AttentionParams self;
  NormParams norm1;
  FeedForwardWeights ff;
  NormParams norm2;
};
struct DecoderLayerParams {
  AttentionParams self;  // masked
  NormParams norm1;
  AttentionParams cross;  // queries from the decoder, keys and values from the encoder
  NormParams norm2;
  FeedForwardWeights ff;
  NormParams norm3;
};
struct EncoderDecoderParams {
  Eigen::MatrixXd source_embedding;  // source_vocab x d
  Eigen::MatrixXd target_embedding;  // target_vocab x d
  std::vector<EncoderLayerParams> encoder;
  std::vector<DecoderLayerParams> decoder;
  Eigen::MatrixXd Wout;     // d x target_vocab
  Eigen::RowVectorXd bout;  // 1 x target_vocab
};

// Weights ~ N(0, 1/fan_in), embedding rows ~ N(0, 1) (the scale of the positional encoding),
// biases and beta 0, gamma 1; drawn in a fixed order from rng.
EncoderDecoderParams init_params(const EncoderDecoderConfig& config, train::Rng& rng);
EncoderDecoderParams zeros_like(const EncoderDecoderParams& p);
// Every tensor, named like "decoder0.cross.head1.Wq", always in the same order.
std::vector<train::TensorView> tensors(EncoderDecoderParams& p);

// Every intermediate of one sentence pair's forward and backward pass, sized once for a model
// so that training allocates nothing per sentence; a sentence uses the first columns.
struct Workspace {
  Workspace() = default;
  // sentences: how many backward passes may precede add_weight_gradients (a batch).
  Workspace(const EncoderDecoderConfig& config, int sentences);

  // One sublayer with its residual and layer norm: Z = LN(X + F(X)).
  struct AddNorm {
    Eigen::MatrixXd H, dH;  // d x n: X + F(X), and its gradient
    LayerNormCache norm;
    Eigen::MatrixXd Z, dZ;  // d x n
  };
  struct Encoder {
    train::SelfAttentionWorkspace self;
    AddNorm a1, a2;
    FeedForwardCache ff;
  };
  struct Decoder {
    train::SelfAttentionWorkspace self, cross;
    AddNorm a1, a2, a3;
    FeedForwardCache ff;
  };
  Eigen::MatrixXd Xs, dXs;  // d x max_source: source embedding + position
  Eigen::MatrixXd Xt, dXt;  // d x max_target: decoder input embedding + position
  Eigen::MatrixXd dE;       // d x max_source: the encoder output's gradient (from every cross)
  std::vector<Encoder> encoder;
  std::vector<Decoder> decoder;
  Eigen::Index source_length = 0;          // of the last encode()
  Eigen::MatrixXd logits, probs, dlogits;  // target_vocab x max_target
  Eigen::VectorXd logit, prob, dlogit;     // target_vocab: one token's, for cross_entropy_*
  WeightGradient dWout;
};

// The encoder's output E (d x S) of the last encode() on ws.
Eigen::Ref<const Eigen::MatrixXd> encoder_output(const Workspace& ws, Eigen::Index source_length);

// source: S ids (1 <= S <= max_source) -> E in ws (encoder_output).
void encode(const EncoderDecoderConfig& config, const EncoderDecoderParams& p,
            const Eigen::MatrixXd& position, const std::vector<int>& source, Workspace& ws);

// decoder_input: T ids (<bos> then the target shifted right, 1 <= T <= max_target), on the E of
// the last encode() -> ws.probs' first T columns: column i = the next-word distribution after
// decoder_input[0..i]. With target (T ids) also the loss, the mean cross-entropy over the T
// tokens; without (nullptr) 0.
double decode(const EncoderDecoderConfig& config, const EncoderDecoderParams& p,
              const Eigen::MatrixXd& position, const std::vector<int>& decoder_input,
              const std::vector<int>* target, Workspace& ws);

// encode() then decode() with teacher forcing (decoder_input = shifted_right(target)).
double forward(const EncoderDecoderConfig& config, const EncoderDecoderParams& p,
               const Eigen::MatrixXd& position, const std::vector<int>& source,
               const std::vector<int>& decoder_input, const std::vector<int>& target,
               Workspace& ws);

// Gradient of weight * loss of the last forward() on ws (same arguments), accumulated (+=) into
// g; the weight matrices' part once add_weight_gradients is called.
void backward(const EncoderDecoderConfig& config, const EncoderDecoderParams& p,
              const std::vector<int>& source, const std::vector<int>& decoder_input,
              const std::vector<int>& target, double weight, EncoderDecoderParams& g,
              Workspace& ws);

void add_weight_gradients(Workspace& ws, EncoderDecoderParams& g);

// The decoder's input for a target: <bos> then target without its last token.
std::vector<int> shifted_right(const std::vector<int>& target, int bos);

}  // namespace attn::translate
