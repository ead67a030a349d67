// The engine's functions as JS calls them, each declared once: its name, the C++ function it
// calls, its arguments and result as types (packed.hpp), and the few lines that read the
// arguments, call C++ and write the result. Everything else is driven by this table:
//   - wasm/bindings/engine.cpp exports it and runs a call by its index;
//   - wasm/js/api.js builds attn.<name>() from it: checks, packing, unpacking;
//   - tests/native/engine_golden.cpp generates cases of every function from its types,
//     and tests/node/engine_golden.test.mjs replays them through wasm;
//   - tests/node/engine-api.test.mjs checks README's Engine API list and that a Catch2
//     test calls the C++ function.
// Adding a function: the C++ with its Catch2 test, then one entry here.
#pragma once

#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "attn/entropy.hpp"
#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/residual.hpp"
#include "attn/similarity.hpp"
#include "attn/softmax.hpp"
#include "packed.hpp"

namespace attn::api {

// The range of a size symbol in generated cases (1 .. 6 unless declared).
struct Size {
  Text symbol;
  int min, max;
};

struct Function {
  Text name;     // attn.<name> in JS
  Text cpp;      // the C++ function it calls; a test in tests/native must call it
  Text summary;  // README's Engine API list
  std::vector<Type> args;
  Type result;
  std::vector<Size> sizes;
  // Reads the arguments in declared order (one statement each: C++ leaves the order of a
  // call's arguments unspecified), calls C++, writes the result in declared order.
  void (*run)(Reader&, Writer&);
};

namespace detail {

inline const std::vector<double> kTemperatures{0.25, 0.5, 1, 2, 3.7};

ATTN_COLD inline std::vector<Type> head_fields() {
  return {matrix("Wq", "d", "k", "W_Q"),     matrix("Wk", "d", "k", "W_K"),
          matrix("Wv", "d", "v", "W_V"),     optional_vector("bq", "k", "b_Q"),
          optional_vector("bk", "k", "b_K"), optional_vector("bv", "v", "b_V")};
}

ATTN_COLD inline std::vector<Type> attention_option_fields() {
  return {boolean("scale", true), boolean("causal", false),
          number("temperature", 1, kTemperatures)};
}

ATTN_COLD inline std::vector<Type> trace_fields() {
  return {matrix("Q", "", ""),      matrix("K", "", ""),       matrix("V", "", ""),
          matrix("scores", "", ""), matrix("weights", "", ""), matrix("context", "", "")};
}

ATTN_SMALL inline AttentionWeights read_head(Reader& in) {
  AttentionWeights w;
  w.Wq = in.matrix();
  w.Wk = in.matrix();
  w.Wv = in.matrix();
  w.bq = in.optional_vector();
  w.bk = in.optional_vector();
  w.bv = in.optional_vector();
  return w;
}

ATTN_SMALL inline AttentionOptions read_options(Reader& in) {
  AttentionOptions o;
  o.scale = in.boolean();
  o.causal = in.boolean();
  o.temperature = in.number();
  return o;
}

ATTN_SMALL inline void write_trace(Writer& out, const AttentionTrace& t) {
  for (const Eigen::MatrixXd* m : {&t.Q, &t.K, &t.V, &t.scores, &t.weights, &t.context})
    out.matrix(*m);
}

ATTN_SMALL inline LayerNormParams read_layer_norm(Reader& in) {
  LayerNormParams p;
  p.gamma = in.optional_vector();
  p.beta = in.optional_vector();
  p.eps = in.number();
  return p;
}

ATTN_SMALL inline FeedForwardParams read_feed_forward(Reader& in) {
  FeedForwardParams p;
  p.W1 = in.matrix();
  p.b1 = in.optional_vector();
  p.W2 = in.matrix();
  p.b2 = in.optional_vector();
  return p;
}

ATTN_COLD inline std::vector<Type> layer_norm_args() {
  return {matrix("X", "n", "d"),
          object("params",
                 {optional_vector("gamma", "d"), optional_vector("beta", "d"),
                  number("eps", 1e-5, {1e-5, 0.1})},
                 "layer norm parameters must be an object", true)};
}

ATTN_COLD inline std::vector<Type> feed_forward_args() {
  return {matrix("X", "n", "d"), object("params",
                                        {matrix("W1", "d", "f"), optional_vector("b1", "f"),
                                         matrix("W2", "f", "e"), optional_vector("b2", "e")},
                                        "feed-forward parameters must be an object", true)};
}

ATTN_COLD inline std::vector<Type> softmax_args() {
  return {with_values(vector("x", "n"), "masked"), number("temperature", 1, kTemperatures)};
}

}  // namespace detail

ATTN_COLD inline const std::vector<Function>& functions() {
  using namespace detail;
  static const std::vector<Function> table{
      {"dot",
       "attn::dot",
       "a . b for two vectors of the same length",
       {vector("a", "n"), vector("b", "n")},
       number(""),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::VectorXd a = in.vector();
         const Eigen::VectorXd b = in.vector();
         out.number(dot(a, b));
       }},

      {"similarity",
       "attn::similarity",
       "terms[i] = a[i] b[i]; cosine and angle are null for a zero vector",
       {vector("a", "n"), vector("b", "n")},
       object("", {number("dot"), optional_number("cosine"), number("normA"), number("normB"),
                   optional_number("angleDegrees"), vector("terms", "")}),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::VectorXd a = in.vector();
         const Eigen::VectorXd b = in.vector();
         const Similarity s = similarity(a, b);
         out.number(s.dot);
         out.optional_number(s.cosine);
         out.number(s.norm_a);
         out.number(s.norm_b);
         out.optional_number(s.angle_degrees);
         out.vector(s.terms);
       }},

      {"softmax",
       "attn::softmax",
       "stable softmax of x / temperature; -Infinity (masked) gets weight 0",
       softmax_args(),
       vector("", ""),
       {{"n", 1, 8}},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::VectorXd x = in.vector();
         const double temperature = in.number();
         out.vector(softmax(x, temperature));
       }},

      {"softmaxTrace",
       "attn::softmax_trace",
       "every step of softmax(x / (temperature sqrt(dk)))",
       [] {
         std::vector<Type> args = softmax_args();
         args.push_back(integer("dk", "k", 1, "d_k"));
         return args;
       }(),
       object("", {number("divisor"), vector("scaled", ""), number("max"), vector("shifted", ""),
                   vector("exps", ""), number("sum"), vector("weights", "")}),
       {{"n", 1, 8}, {"k", 1, 64}},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::VectorXd x = in.vector();
         const double temperature = in.number();
         const int dk = in.integer();
         const SoftmaxTrace t = softmax_trace(x, temperature, dk);
         out.number(t.divisor);
         out.vector(t.scaled);
         out.number(t.max);
         out.vector(t.shifted);
         out.vector(t.exps);
         out.number(t.sum);
         out.vector(t.weights);
       }},

      {"linear",
       "attn::linear",
       "X W + b (b optional, one entry per column of W)",
       {matrix("X", "n", "d"), matrix("W", "d", "e"), optional_vector("b", "e")},
       matrix("", "", ""),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const Eigen::MatrixXd W = in.matrix();
         const std::optional<Eigen::VectorXd> b = in.optional_vector();
         out.matrix(linear(X, W, b));
       }},

      {"residual",
       "attn::residual",
       "X + Y, the residual connection (same shapes)",
       {matrix("X", "n", "d"), matrix("Y", "n", "d")},
       matrix("", "", ""),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const Eigen::MatrixXd Y = in.matrix();
         out.matrix(residual(X, Y, "Y"));
       }},

      {"selfAttention",
       "attn::self_attention",
       "one head, every step; scores after scaling and masking (masked = -Infinity); "
       "output = X + context (only when d_v = width of X)",
       {object(
           "spec",
           [] {
             std::vector<Type> f{matrix("X", "n", "d")};
             for (Type& t : head_fields()) f.push_back(t);
             for (Type& t : attention_option_fields()) f.push_back(t);
             return f;
           }(),
           "selfAttention needs an object { X, Wq, Wk, Wv, ... }")},
       [] {
         Type t = object("", trace_fields());
         t.fields.push_back(optional_matrix("output"));
         return t;
       }(),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const AttentionWeights w = read_head(in);
         const AttentionOptions o = read_options(in);
         const AttentionTrace t = self_attention(X, w, o);
         write_trace(out, t);
         out.optional_matrix(t.output);
       }},

      {"multiHeadAttention",
       "attn::multi_head_attention",
       "heads side by side, concatenated, times W_O (one row per concatenated column)",
       {object(
           "spec",
           [] {
             std::vector<Type> f{
                 matrix("X", "n", "d"),
                 list("heads", "h", "head",
                      object("", head_fields(), "weights must be an object { Wq, Wk, Wv }"),
                      "heads must be a non-empty array of { Wq, Wk, Wv }"),
                 matrix("Wo", "h*v", "e", "W_O"), optional_vector("bo", "e", "b_O")};
             for (Type& t : attention_option_fields()) f.push_back(t);
             return f;
           }(),
           "multiHeadAttention needs an object { X, heads, Wo, ... }")},
       object("", {list("heads", "", "", object("", trace_fields()), ""), matrix("concat", "", ""),
                   matrix("output", "", "")}),
       {{"h", 1, 3}},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         std::vector<AttentionWeights> heads(in.count());
         for (AttentionWeights& w : heads) w = read_head(in);
         const Eigen::MatrixXd Wo = in.matrix();
         const std::optional<Eigen::VectorXd> bo = in.optional_vector();
         const AttentionOptions o = read_options(in);
         const MultiHeadTrace t = multi_head_attention(X, heads, Wo, bo, o);
         out.count(t.heads.size());
         for (const AttentionTrace& head : t.heads) write_trace(out, head);
         out.matrix(t.concat);
         out.matrix(t.output);
       }},

      {"layerNorm",
       "attn::layer_norm",
       "each row to mean 0, variance 1, then gamma and beta",
       layer_norm_args(),
       matrix("", "", ""),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const LayerNormParams p = read_layer_norm(in);
         out.matrix(layer_norm(X, p));
       }},

      {"layerNormTrace",
       "attn::layer_norm_trace",
       "normalized = (x - mean) / sqrt(variance + eps), output = gamma normalized + beta",
       layer_norm_args(),
       object("", {vector("mean", ""), vector("variance", ""), matrix("normalized", "", ""),
                   matrix("output", "", "")}),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const LayerNormParams p = read_layer_norm(in);
         const LayerNormTrace t = layer_norm_trace(X, p);
         out.vector(t.mean);
         out.vector(t.variance);
         out.matrix(t.normalized);
         out.matrix(t.output);
       }},

      {"positionalEncoding",
       "attn::positional_encoding",
       "n x d sinusoidal encoding: sin in even columns, cos in odd ones",
       {integer("n", "n", std::nullopt), integer("d", "d", std::nullopt)},
       matrix("", "", ""),
       {{"n", 1, 40}, {"d", 1, 16}},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const int n = in.integer();
         const int d = in.integer();
         out.matrix(positional_encoding(n, d));
       }},

      {"feedForward",
       "attn::feed_forward",
       "max(0, X W1 + b1) W2 + b2 (biases optional)",
       feed_forward_args(),
       matrix("", "", ""),
       {{"f", 1, 8}},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const FeedForwardParams p = read_feed_forward(in);
         out.matrix(feed_forward(X, p));
       }},

      {"feedForwardTrace",
       "attn::feed_forward_trace",
       "hidden = X W1 + b1, activated = max(0, hidden), output = activated W2 + b2",
       feed_forward_args(),
       object("",
              {matrix("hidden", "", ""), matrix("activated", "", ""), matrix("output", "", "")}),
       {{"f", 1, 8}},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd X = in.matrix();
         const FeedForwardParams p = read_feed_forward(in);
         const FeedForwardTrace t = feed_forward_trace(X, p);
         out.matrix(t.hidden);
         out.matrix(t.activated);
         out.matrix(t.output);
       }},

      {"attentionEntropy",
       "attn::attention_entropy",
       "entropy of each row of attention weights, in bits (0: one token; log2 n: even)",
       {with_values(matrix("weights", "n", "m"), "distribution")},
       vector("", ""),
       {},
       [](Reader& in, Writer& out) ATTN_SMALL {
         const Eigen::MatrixXd weights = in.matrix();
         out.vector(attention_entropy(weights));
       }},
  };
  return table;
}

// The table and the size limits as JSON (what JS reads at load).
ATTN_COLD inline std::string functions_json() {
  std::string s = "{\"limits\":{\"dimension\":" + std::to_string(kMaxDimension) +
                  ",\"heads\":" + std::to_string(kMaxHeads) +
                  ",\"numbers\":" + std::to_string(kMaxNumbers) + "},\"functions\":[";
  const auto& table = functions();
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Function& f = table[i];
    s += (i ? "," : "") + std::string("{\"name\":") + json_string(f.name) +
         ",\"cpp\":" + json_string(f.cpp) + ",\"summary\":" + json_string(f.summary) +
         ",\"args\":[";
    for (std::size_t a = 0; a < f.args.size(); ++a) s += (a ? "," : "") + to_json(f.args[a]);
    s += "],\"result\":" + to_json(f.result) + "}";
  }
  return s + "]}";
}

}  // namespace attn::api
