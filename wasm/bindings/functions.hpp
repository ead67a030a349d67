// The engine's functions as JS calls them, each declared once: its name, the C++ function it
// calls, its arguments and result as types (packed.hpp), and the few lines that read the
// arguments, call C++ and write the result. Everything else is driven by this table:
//   - wasm/bindings/engine.cpp exports it and runs a call by its index;
//   - wasm/js/api.js builds attn.<name>() from it: checks, packing, unpacking;
//   - tests/native/engine_golden.cpp generates cases of every function from its types,
//     and tests/node/engine_golden.test.mjs replays them through wasm;
//   - tests/node/engine-api.test.mjs checks README's Engine API list and that a Catch2
//     test calls the C++ function.
// Adding a function: the C++ with its Catch2 test, then one entry in kFunctions, with the
// arrays of types it names in the section above the table.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "attn/attention.hpp"
#include "attn/entropy.hpp"
#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/residual.hpp"
#include "attn/rope.hpp"
#include "attn/similarity.hpp"
#include "attn/softmax.hpp"
#include "attn/tiled_attention.hpp"
#include "packed.hpp"

namespace attn::api {

// The range of a size symbol in generated cases and well-formed fuzz calls (1 .. 6 unless
// declared), and how it relates to another symbol `of`: at most its size (a block of tokens),
// or one of its divisors (groups of heads).
enum class Relation { None, AtMost, Divides };
struct Size {
  Text symbol;
  int min, max;
  Relation relation = Relation::None;
  Text of = {};
};

struct Function {
  Text name;     // attn.<name> in JS
  Text cpp;      // the C++ function it calls; a test in tests/native must call it
  Text summary;  // README's Engine API list
  Span<Type> args;
  Type result;
  Span<Size> sizes;
  // Reads the arguments in declared order, naming each (one statement each: C++ leaves the
  // order of a call's arguments unspecified), calls C++, writes the result in declared
  // order, naming each value (Reader and Writer check the names against the declaration).
  void (*run)(Reader&, Writer&);
};

namespace detail {

// grouped: multiHeadAttention's form, whose W_K and W_V may be left out (kvHeads).
ATTN_SMALL inline AttentionWeights read_head(Reader& in, bool grouped = false) {
  AttentionWeights w;
  w.Wq = in.matrix("Wq");
  w.Wk = grouped ? in.optional_matrix("Wk") : in.matrix("Wk");
  w.Wv = grouped ? in.optional_matrix("Wv") : in.matrix("Wv");
  w.bq = in.optional_vector("bq");
  w.bk = in.optional_vector("bk");
  w.bv = in.optional_vector("bv");
  return w;
}

// variants: the options of the forward passes alone (kVariantOptions): positions, ropeBase and
// softmax, declared in the order of attn::Positions and attn::SoftmaxKind (C++ reads the index).
ATTN_SMALL inline AttentionOptions read_options(Reader& in, bool variants = false) {
  AttentionOptions o;
  o.scale = in.boolean("scale");
  o.causal = in.boolean("causal");
  o.temperature = in.number("temperature");
  if (!variants) return o;
  o.positions = static_cast<Positions>(in.choice("positions"));
  o.rope_base = in.number("ropeBase");
  o.softmax = static_cast<SoftmaxKind>(in.choice("softmax"));
  return o;
}

ATTN_SMALL inline void write_trace(Writer& out, const AttentionTrace& t) {
  out.matrix("Q", t.Q);
  out.matrix("K", t.K);
  out.matrix("V", t.V);
  out.matrix("scores", t.scores);
  out.matrix("weights", t.weights);
  out.matrix("context", t.context);
}

ATTN_SMALL inline LayerNormParams read_layer_norm(Reader& in) {
  LayerNormParams p;
  p.gamma = in.optional_vector("gamma");
  p.beta = in.optional_vector("beta");
  p.eps = in.number("eps");
  return p;
}

ATTN_SMALL inline FeedForwardParams read_feed_forward(Reader& in) {
  FeedForwardParams p;
  p.W1 = in.matrix("W1");
  p.b1 = in.optional_vector("b1");
  p.W2 = in.matrix("W2");
  p.b2 = in.optional_vector("b2");
  return p;
}

}  // namespace detail

// --- the types the declarations name -------------------------------------------------------
inline constexpr double kTemperatures[] = {0.25, 0.5, 1, 2, 3.7};
inline constexpr Type kTwoVectors[] = {vector("a", "n"), vector("b", "n")};
inline constexpr Type kSimilarity[] = {
    number("dot"),   optional_number("cosine"),       number("normA"),
    number("normB"), optional_number("angleDegrees"), vector("terms", "")};
inline constexpr Type kSoftmaxArgs[] = {with_values(vector("x", "n"), "masked"),
                                        number("temperature", 1, kTemperatures)};
inline constexpr Type kSoftmaxTraceArgs[] = {group(kSoftmaxArgs), integer("dk", "k", 1, "d_k")};
inline constexpr Type kSoftmaxTrace[] = {number("divisor"),
                                         with_values(vector("scaled", ""), "masked"),
                                         number("max"),
                                         with_values(vector("shifted", ""), "masked"),
                                         vector("exps", ""),
                                         number("sum"),
                                         with_values(vector("weights", ""), "distribution")};
inline constexpr Type kLinearArgs[] = {matrix("X", "n", "d"), matrix("W", "d", "e"),
                                       optional_vector("b", "e")};
inline constexpr Type kResidualArgs[] = {matrix("X", "n", "d"), matrix("Y", "n", "d")};

inline constexpr Type kHeadWeights[] = {
    matrix("Wq", "d", "k", "W_Q"),     matrix("Wk", "d", "k", "W_K"),
    matrix("Wv", "d", "v", "W_V"),     optional_vector("bq", "k", "b_Q"),
    optional_vector("bk", "k", "b_K"), optional_vector("bv", "v", "b_V")};
inline constexpr Type kAttentionOptions[] = {boolean("scale", true), boolean("causal", false),
                                             number("temperature", 1, kTemperatures)};
// In the order of attn::Positions and attn::SoftmaxKind: C++ reads the index.
inline constexpr Text kPositionChoices[] = {"none", "rope"};
inline constexpr Text kSoftmaxChoices[] = {"standard", "plusOne"};
inline constexpr double kRopeBases[] = {10000, 100, 2.5};
inline constexpr Type kVariantOptions[] = {choice("positions", kPositionChoices),
                                           number("ropeBase", 10000, kRopeBases),
                                           choice("softmax", kSoftmaxChoices)};
// Rows of weights sum to 1, or to less with softmax 'plusOne' (api-fuzz checks which).
inline constexpr Type kTrace[] = {matrix("Q"),
                                  matrix("K"),
                                  matrix("V"),
                                  with_values(matrix("scores"), "masked"),
                                  with_values(matrix("weights"), "subdistribution"),
                                  matrix("context")};
inline constexpr Type kHeadSpec[] = {matrix("X", "n", "d"), group(kHeadWeights),
                                     group(kAttentionOptions)};
inline constexpr Type kSelfAttentionSpec[] = {group(kHeadSpec), group(kVariantOptions)};
inline constexpr Type kSelfAttentionArgs[] = {
    object("spec", kSelfAttentionSpec, "selfAttention needs an object { X, Wq, Wk, Wv, ... }")};
inline constexpr Type kSelfAttention[] = {group(kTrace), optional_matrix("output")};

inline constexpr Type kBackwardSpec[] = {group(kHeadSpec), matrix("dContext", "n", "v")};
inline constexpr Type kBackwardArgs[] = {
    object("spec", kBackwardSpec,
           "selfAttentionBackward needs an object { X, Wq, Wk, Wv, ..., dContext }")};
inline constexpr Type kGradients[] = {matrix("dX"),      matrix("dWq"),     matrix("dWk"),
                                      matrix("dWv"),     vector("dbq", ""), vector("dbk", ""),
                                      vector("dbv", ""), matrix("dQ"),      matrix("dK"),
                                      matrix("dV"),      matrix("dScores"), matrix("dWeights")};

// W_K, W_V, b_K, b_V on the first head of each group of heads / kvHeads heads only.
inline constexpr Type kGroupedHeadWeights[] = {
    matrix("Wq", "d", "k", "W_Q"),
    grouped_by(matrix("Wk", "d", "k", "W_K"), "kvHeads"),
    grouped_by(matrix("Wv", "d", "v", "W_V"), "kvHeads"),
    optional_vector("bq", "k", "b_Q"),
    grouped_by(optional_vector("bk", "k", "b_K"), "kvHeads"),
    grouped_by(optional_vector("bv", "v", "b_V"), "kvHeads")};
inline constexpr Type kHead =
    object("", kGroupedHeadWeights, "weights must be an object { Wq, Wk, Wv }");
// kvHeads comes before heads: the generated calls draw it first, then give W_K and W_V to the
// first head of each group.
inline constexpr Type kMultiHeadSpec[] = {
    matrix("X", "n", "d"),
    optional_integer("kvHeads", "g"),
    list("heads", "h", "head", kHead, "heads must be a non-empty array of { Wq, Wk, Wv }",
         kMaxHeads),
    matrix("Wo", "h*v", "e", "W_O"),
    optional_vector("bo", "e", "b_O"),
    group(kAttentionOptions),
    group(kVariantOptions)};
inline constexpr Type kMultiHeadArgs[] = {
    object("spec", kMultiHeadSpec, "multiHeadAttention needs an object { X, heads, Wo, ... }")};
inline constexpr Type kHeadTrace = object("", kTrace);
inline constexpr Type kMultiHead[] = {list("heads", "", "", kHeadTrace, "", kMaxHeads),
                                      matrix("concat"), matrix("output")};

inline constexpr double kEpsilons[] = {1e-5, 0.1};
inline constexpr Type kLayerNormParams[] = {
    optional_vector("gamma", "d"), optional_vector("beta", "d"), number("eps", 1e-5, kEpsilons)};
inline constexpr Type kLayerNormArgs[] = {
    matrix("X", "n", "d"),
    object("params", kLayerNormParams, "layer norm parameters must be an object", true)};
inline constexpr Type kLayerNormTrace[] = {vector("mean", ""), vector("variance", ""),
                                           matrix("normalized"), matrix("output")};

inline constexpr Type kPositionalArgs[] = {integer("n", "n"), integer("d", "d")};

inline constexpr Type kFeedForwardParams[] = {matrix("W1", "d", "f"), optional_vector("b1", "f"),
                                              matrix("W2", "f", "e"), optional_vector("b2", "e")};
inline constexpr Type kFeedForwardArgs[] = {
    matrix("X", "n", "d"),
    object("params", kFeedForwardParams, "feed-forward parameters must be an object", true)};
inline constexpr Type kFeedForwardTrace[] = {matrix("hidden"), matrix("activated"),
                                             matrix("output")};

inline constexpr Type kRopeOptions[] = {number("base", 10000, kRopeBases)};
inline constexpr Type kRopeArgs[] = {
    matrix("X", "n", "d"),
    object("options", kRopeOptions, "rope options must be an object { base }", true)};

inline constexpr Type kTiledSpec[] = {group(kSelfAttentionSpec), integer("blockSize", "b"),
                                      boolean("trace", false)};
inline constexpr Type kTiledArgs[] = {
    object("spec", kTiledSpec, "attentionTiled needs an object { X, Wq, Wk, Wv, blockSize, ... }")};
inline constexpr Type kTile[] = {number("queryStart"), number("queryEnd"), number("keyStart"),
                                 number("keyEnd"),     vector("max", ""),  vector("sum", ""),
                                 matrix("output")};
inline constexpr Type kTileTrace = object("", kTile);
inline constexpr Type kTiled[] = {
    matrix("context"), list("tiles", "", "", kTileTrace, "", kMaxTracedTokens* kMaxTracedTokens)};

inline constexpr Type kEntropyArgs[] = {with_values(matrix("weights", "n", "m"), "distribution")};

inline constexpr Size kFewScores[] = {{"n", 1, 8}};
inline constexpr Size kScoresAndKeyWidths[] = {{"n", 1, 8}, {"k", 1, 64}};
// Up to 4 heads with kvHeads at most 2 (a divisor of the heads), so that most calls that give it
// group heads, one group (multi-query) or two of two (grouped-query).
inline constexpr Size kHeadGroups[] = {{"h", 1, 4}, {"g", 1, 2, Relation::Divides, "h"}};
inline constexpr Size kBlocks[] = {{"n", 1, 12}, {"b", 1, 12, Relation::AtMost, "n"}};
inline constexpr Size kPositions[] = {{"n", 1, 40}, {"d", 1, 16}};
inline constexpr Size kHiddenWidths[] = {{"f", 1, 8}};

// --- the functions -------------------------------------------------------------------------
inline constexpr Function kFunctions[] = {
    {"dot",
     "attn::dot",
     "a . b for two vectors of the same length",
     span(kTwoVectors),
     number(),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::VectorXd a = in.vector("a");
       const Eigen::VectorXd b = in.vector("b");
       out.number("", dot(a, b));
     }},

    {"similarity",
     "attn::similarity",
     "terms[i] = a[i] b[i]; cosine and angle are null for a zero vector",
     span(kTwoVectors),
     object("", kSimilarity),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::VectorXd a = in.vector("a");
       const Eigen::VectorXd b = in.vector("b");
       const Similarity s = similarity(a, b);
       out.number("dot", s.dot);
       out.optional_number("cosine", s.cosine);
       out.number("normA", s.norm_a);
       out.number("normB", s.norm_b);
       out.optional_number("angleDegrees", s.angle_degrees);
       out.vector("terms", s.terms);
     }},

    {"softmax", "attn::softmax",
     "stable softmax of x / temperature; -Infinity (masked) gets weight 0", span(kSoftmaxArgs),
     with_values(vector("", ""), "distribution"), span(kFewScores),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::VectorXd x = in.vector("x");
       const double temperature = in.number("temperature");
       out.vector("", softmax(x, temperature));
     }},

    {"softmaxTrace", "attn::softmax_trace", "every step of softmax(x / (temperature sqrt(dk)))",
     span(kSoftmaxTraceArgs), object("", kSoftmaxTrace), span(kScoresAndKeyWidths),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::VectorXd x = in.vector("x");
       const double temperature = in.number("temperature");
       const int dk = in.integer("dk");
       const SoftmaxTrace t = softmax_trace(x, temperature, dk);
       out.number("divisor", t.divisor);
       out.vector("scaled", t.scaled);
       out.number("max", t.max);
       out.vector("shifted", t.shifted);
       out.vector("exps", t.exps);
       out.number("sum", t.sum);
       out.vector("weights", t.weights);
     }},

    {"linear",
     "attn::linear",
     "X W + b (b optional, one entry per column of W)",
     span(kLinearArgs),
     matrix(""),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const Eigen::MatrixXd W = in.matrix("W");
       const std::optional<Eigen::VectorXd> b = in.optional_vector("b");
       out.matrix("", linear(X, W, b));
     }},

    {"residual",
     "attn::residual",
     "X + Y, the residual connection (same shapes)",
     span(kResidualArgs),
     matrix(""),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const Eigen::MatrixXd Y = in.matrix("Y");
       out.matrix("", residual(X, Y, "Y"));
     }},

    {"selfAttention",
     "attn::self_attention",
     "one head, every step; scores after scaling and masking (masked = -Infinity); "
     "output = X + context (only when d_v = width of X); positions 'rope': Q and K turned as "
     "attn.rope turns rows (the trace shows them turned); softmax 'plusOne': weights "
     "e^s / (1 + sum e^s), so a row may weigh nothing",
     span(kSelfAttentionArgs),
     object("", kSelfAttention),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const AttentionWeights w = detail::read_head(in);
       const AttentionOptions o = detail::read_options(in, true);
       const AttentionTrace t = self_attention(X, w, o);
       out.reserve(static_cast<std::size_t>(trace_numbers(X, w)) + 15);  // + each matrix's sizes
       detail::write_trace(out, t);
       out.optional_matrix("output", t.output);
     }},

    {"selfAttentionBackward",
     "attn::self_attention_backward",
     "dContext = dLoss/dcontext -> the gradient of every input and step (the forward's shapes; "
     "dScores is 0 where masked)",
     span(kBackwardArgs),
     object("", kGradients),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       AttentionWeights w = detail::read_head(in);
       const AttentionOptions o = detail::read_options(in);
       const Eigen::MatrixXd dContext = in.matrix("dContext");
       const AttentionGradients g = self_attention_backward(X, std::move(w), o, dContext);
       std::size_t numbers = 0;  // each matrix with its 2 sizes, each vector with its 1
       for (const Eigen::MatrixXd* m :
            {&g.dX, &g.dWq, &g.dWk, &g.dWv, &g.dQ, &g.dK, &g.dV, &g.dScores, &g.dWeights})
         numbers += static_cast<std::size_t>(m->size()) + 2;
       for (const Eigen::VectorXd* v : {&g.dbq, &g.dbk, &g.dbv})
         numbers += static_cast<std::size_t>(v->size()) + 1;
       out.reserve(numbers);
       out.matrix("dX", g.dX);
       out.matrix("dWq", g.dWq);
       out.matrix("dWk", g.dWk);
       out.matrix("dWv", g.dWv);
       out.vector("dbq", g.dbq);
       out.vector("dbk", g.dbk);
       out.vector("dbv", g.dbv);
       out.matrix("dQ", g.dQ);
       out.matrix("dK", g.dK);
       out.matrix("dV", g.dV);
       out.matrix("dScores", g.dScores);
       out.matrix("dWeights", g.dWeights);
     }},

    {"multiHeadAttention", "attn::multi_head_attention",
     "heads side by side, concatenated, times W_O (one row per concatenated column); kvHeads "
     "(grouped-query attention) splits the heads into kvHeads groups of consecutive heads, each "
     "sharing the keys and values of the W_K, W_V given on its first head alone",
     span(kMultiHeadArgs), object("", kMultiHead), span(kHeadGroups),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const std::optional<int> kvHeads = in.optional_integer("kvHeads");
       std::vector<AttentionWeights> heads(in.count("heads"));
       for (AttentionWeights& w : heads) w = detail::read_head(in, true);
       const Eigen::MatrixXd Wo = in.matrix("Wo");
       const std::optional<Eigen::VectorXd> bo = in.optional_vector("bo");
       const AttentionOptions o = detail::read_options(in, true);
       const MultiHeadTrace t = multi_head_attention(X, heads, Wo, bo, o, kvHeads);
       out.count("heads", t.heads.size());
       for (const AttentionTrace& head : t.heads) detail::write_trace(out, head);
       out.matrix("concat", t.concat);
       out.matrix("output", t.output);
     }},

    {"attentionTiled", "attn::attention_tiled",
     "selfAttention's context, computed in tiles of blockSize queries x blockSize keys with an "
     "online softmax (running max, sum and output per query), never holding the n x n scores; "
     "tiles: with trace (n <= 64 only), every tile's running values after it, in order",
     span(kTiledArgs), object("", kTiled), span(kBlocks),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const AttentionWeights w = detail::read_head(in);
       const AttentionOptions o = detail::read_options(in, true);
       const int blockSize = in.integer("blockSize");
       const bool trace = in.boolean("trace");
       const TiledAttention t = attention_tiled(X, w, o, blockSize, trace);
       out.matrix("context", t.context);
       out.count("tiles", t.tiles.size());
       for (const TileTrace& tile : t.tiles) {
         out.number("queryStart", static_cast<double>(tile.query_start));
         out.number("queryEnd", static_cast<double>(tile.query_end));
         out.number("keyStart", static_cast<double>(tile.key_start));
         out.number("keyEnd", static_cast<double>(tile.key_end));
         out.vector("max", tile.max);
         out.vector("sum", tile.sum);
         out.matrix("output", tile.output);
       }
     }},

    {"layerNorm",
     "attn::layer_norm",
     "each row to mean 0, variance 1, then gamma and beta",
     span(kLayerNormArgs),
     matrix(""),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const LayerNormParams p = detail::read_layer_norm(in);
       out.matrix("", layer_norm(X, p));
     }},

    {"layerNormTrace",
     "attn::layer_norm_trace",
     "normalized = (x - mean) / sqrt(variance + eps), output = gamma normalized + beta",
     span(kLayerNormArgs),
     object("", kLayerNormTrace),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const LayerNormParams p = detail::read_layer_norm(in);
       const LayerNormTrace t = layer_norm_trace(X, p);
       out.vector("mean", t.mean);
       out.vector("variance", t.variance);
       out.matrix("normalized", t.normalized);
       out.matrix("output", t.output);
     }},

    {"positionalEncoding", "attn::positional_encoding",
     "n x d sinusoidal encoding: sin in even columns, cos in odd ones", span(kPositionalArgs),
     matrix(""), span(kPositions),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const int n = in.integer("n");
       const int d = in.integer("d");
       out.matrix("", positional_encoding(n, d));
     }},

    {"rope",
     "attn::rope",
     "row m turned as at position m (from 0): columns 2i and 2i+1 by the angle m base^(-2i/d), "
     "RoFormer's interleaved pairs; an odd width's last column is left as it is",
     span(kRopeArgs),
     matrix(""),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const double base = in.number("base");
       out.matrix("", rope(X, base));
     }},

    {"feedForward", "attn::feed_forward", "max(0, X W1 + b1) W2 + b2 (biases optional)",
     span(kFeedForwardArgs), matrix(""), span(kHiddenWidths),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const FeedForwardParams p = detail::read_feed_forward(in);
       out.matrix("", feed_forward(X, p));
     }},

    {"feedForwardTrace", "attn::feed_forward_trace",
     "hidden = X W1 + b1, activated = max(0, hidden), output = activated W2 + b2",
     span(kFeedForwardArgs), object("", kFeedForwardTrace), span(kHiddenWidths),
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd X = in.matrix("X");
       const FeedForwardParams p = detail::read_feed_forward(in);
       const FeedForwardTrace t = feed_forward_trace(X, p);
       out.matrix("hidden", t.hidden);
       out.matrix("activated", t.activated);
       out.matrix("output", t.output);
     }},

    {"attentionEntropy",
     "attn::attention_entropy",
     "entropy of each row of attention weights, in bits (0: one token; log2 n: even)",
     span(kEntropyArgs),
     vector("", ""),
     {},
     [](Reader& in, Writer& out) ATTN_SMALL {
       const Eigen::MatrixXd weights = in.matrix("weights");
       out.vector("", attention_entropy(weights));
     }},
};

inline constexpr Span<Function> functions() { return span(kFunctions); }

// A function's size ranges as JSON: {"n":[1,8],"b":[1,8,"atMost","n"]}, for the JS fuzz's
// well-formed calls.
ATTN_COLD inline std::string to_json(Span<Size> sizes) {
  std::string s = "{";
  for (const Size& z : sizes) {
    s += (s.size() > 1 ? "," : "") + json_string(z.symbol) + ":[" + std::to_string(z.min) + "," +
         std::to_string(z.max);
    if (z.relation != Relation::None)
      s += std::string(z.relation == Relation::AtMost ? ",\"atMost\"," : ",\"divides\",") +
           json_string(z.of);
    s += "]";
  }
  return s + "}";
}

// The table and the size limits as JSON (what JS reads at load).
ATTN_COLD inline std::string functions_json() {
  std::string s = "{\"limits\":{\"dimension\":" + std::to_string(kMaxDimension) +
                  ",\"heads\":" + std::to_string(kMaxHeads) +
                  ",\"numbers\":" + std::to_string(kMaxNumbers) + "},\"functions\":[";
  for (const Function& f : functions()) {
    s += (s.back() == '[' ? "" : ",") + std::string("{\"name\":") + json_string(f.name) +
         ",\"cpp\":" + json_string(f.cpp) + ",\"summary\":" + json_string(f.summary) +
         ",\"args\":" + to_json(f.args) + ",\"result\":" + to_json(f.result) +
         ",\"sizes\":" + to_json(f.sizes) + "}";
  }
  return s + "]}";
}

}  // namespace attn::api
