// embind layer of the attention engine: typed memory in, typed memory out,
// C++ errors as { error } (see marshal.hpp). No math here.
#include <emscripten/bind.h>
#include <malloc.h>

#include "attn/attention.hpp"
#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/similarity.hpp"
#include "attn/softmax.hpp"
#include "marshal.hpp"

namespace attn::bindings {
namespace {

val optional_number(const std::optional<double>& x) { return x ? val(*x) : val::null(); }

val attention_trace(const AttentionTrace& t) {
  val out = val::object();
  out.set("Q", from_matrix(t.Q));
  out.set("K", from_matrix(t.K));
  out.set("V", from_matrix(t.V));
  out.set("scores", from_matrix(t.scores));
  out.set("weights", from_matrix(t.weights));
  out.set("context", from_matrix(t.context));
  if (t.output) out.set("output", from_matrix(*t.output));
  return out;
}

AttentionWeights head_weights(const val& h) {
  return {to_matrix(h["Wq"]),          to_matrix(h["Wk"]),          to_matrix(h["Wv"]),
          to_optional_vector(h["bq"]), to_optional_vector(h["bk"]), to_optional_vector(h["bv"])};
}

AttentionOptions attention_options(const val& spec) {
  return {spec["scale"].as<bool>(), spec["causal"].as<bool>(), spec["temperature"].as<double>()};
}

val dot_js(val a, val b) {
  return guarded([&] { return val(dot(to_vector(a), to_vector(b))); });
}

val similarity_js(val a, val b) {
  return guarded([&] {
    const Similarity s = similarity(to_vector(a), to_vector(b));
    val out = val::object();
    out.set("dot", s.dot);
    out.set("cosine", optional_number(s.cosine));
    out.set("normA", s.norm_a);
    out.set("normB", s.norm_b);
    out.set("angleDegrees", optional_number(s.angle_degrees));
    out.set("terms", from_vector(s.terms));
    return out;
  });
}

val softmax_trace_js(val x, double temperature, int key_dim) {
  return guarded([&] {
    const SoftmaxTrace t = softmax_trace(to_vector(x), temperature, key_dim);
    val out = val::object();
    out.set("divisor", t.divisor);
    out.set("scaled", from_vector(t.scaled));
    out.set("max", t.max);
    out.set("shifted", from_vector(t.shifted));
    out.set("exps", from_vector(t.exps));
    out.set("sum", t.sum);
    out.set("weights", from_vector(t.weights));
    return out;
  });
}

val linear_js(val X, val W, val b) {
  return guarded(
      [&] { return from_matrix(linear(to_matrix(X), to_matrix(W), to_optional_vector(b))); });
}

// spec: { X, Wq, Wk, Wv, bq, bk, bv, scale, causal, temperature }
val self_attention_js(val spec) {
  return guarded([&] {
    return attention_trace(
        self_attention(to_matrix(spec["X"]), head_weights(spec), attention_options(spec)));
  });
}

// spec: { X, heads: [{ Wq, Wk, Wv, bq, bk, bv }], Wo, bo, scale, causal, temperature }
val multi_head_attention_js(val spec) {
  return guarded([&] {
    std::vector<AttentionWeights> heads;
    const int count = spec["heads"]["length"].as<int>();
    for (int h = 0; h < count; ++h) heads.push_back(head_weights(spec["heads"][h]));
    const MultiHeadTrace t =
        multi_head_attention(to_matrix(spec["X"]), heads, to_matrix(spec["Wo"]),
                             to_optional_vector(spec["bo"]), attention_options(spec));
    val list = val::array();
    for (const AttentionTrace& head : t.heads) list.call<void>("push", attention_trace(head));
    val out = val::object();
    out.set("heads", list);
    out.set("concat", from_matrix(t.concat));
    out.set("output", from_matrix(t.output));
    return out;
  });
}

// params: { gamma, beta, eps }
val layer_norm_trace_js(val X, val params) {
  return guarded([&] {
    const LayerNormTrace t = layer_norm_trace(
        to_matrix(X), {to_optional_vector(params["gamma"]), to_optional_vector(params["beta"]),
                       params["eps"].as<double>()});
    val out = val::object();
    out.set("mean", from_vector(t.mean));
    out.set("variance", from_vector(t.variance));
    out.set("normalized", from_matrix(t.normalized));
    out.set("output", from_matrix(t.output));
    return out;
  });
}

val positional_encoding_js(int n, int d) {
  return guarded([&] { return from_matrix(positional_encoding(n, d)); });
}

// params: { W1, b1, W2, b2 }
val feed_forward_trace_js(val X, val params) {
  return guarded([&] {
    const FeedForwardTrace t = feed_forward_trace(
        to_matrix(X), {to_matrix(params["W1"]), to_optional_vector(params["b1"]),
                       to_matrix(params["W2"]), to_optional_vector(params["b2"])});
    val out = val::object();
    out.set("hidden", from_matrix(t.hidden));
    out.set("activated", from_matrix(t.activated));
    out.set("output", from_matrix(t.output));
    return out;
  });
}

// Bytes currently handed out by malloc: a leak probe for tests and benchmarks.
int allocated_bytes() { return static_cast<int>(mallinfo().uordblks); }

}  // namespace
}  // namespace attn::bindings

EMSCRIPTEN_BINDINGS(attention_engine) {
  using namespace attn::bindings;
  emscripten::function("dot", &dot_js);
  emscripten::function("similarity", &similarity_js);
  emscripten::function("softmaxTrace", &softmax_trace_js);
  emscripten::function("linear", &linear_js);
  emscripten::function("selfAttention", &self_attention_js);
  emscripten::function("multiHeadAttention", &multi_head_attention_js);
  emscripten::function("layerNormTrace", &layer_norm_trace_js);
  emscripten::function("positionalEncoding", &positional_encoding_js);
  emscripten::function("feedForwardTrace", &feed_forward_trace_js);
  emscripten::function("allocatedBytes", &allocated_bytes);
}
