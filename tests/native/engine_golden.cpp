// Prints seeded random cases of every engine function as JSON: the arguments
// exactly as the JS API takes them, and the native result. The Node test
// (tests/node/engine_golden.test.mjs) replays each case through the wasm
// module and checks both builds agree to 1e-12. -Infinity (a masked score) is
// written as the string "-Infinity", since JSON has no infinities.
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/similarity.hpp"
#include "attn/softmax.hpp"

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string num(double v) {
  if (std::isinf(v)) return v < 0 ? "\"-Infinity\"" : "\"Infinity\"";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string json(bool b) { return b ? "true" : "false"; }

std::string json(const VectorXd& v) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < v.size(); ++i) s += (i ? "," : "") + num(v(i));
  return s + "]";
}

std::string json(const MatrixXd& m) {
  std::string s = "[";
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    s += (i ? "," : "") + json(VectorXd(m.row(i).transpose()));
  return s + "]";
}

std::string json(const Fields& fields) {
  std::string s = "{";
  for (std::size_t i = 0; i < fields.size(); ++i)
    s += (i ? "," : "") + ("\"" + fields[i].first + "\":") + fields[i].second;
  return s + "}";
}

// Adds "name": value only when the optional is set (absent = not given in JS).
void add(Fields& f, const std::string& name, const std::optional<VectorXd>& v) {
  if (v) f.emplace_back(name, json(*v));
}

struct Random {
  std::mt19937 rng{20251125};
  int size(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool coin() { return size(0, 1) == 1; }
  double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  }
  MatrixXd matrix(int r, int c) {
    MatrixXd m(r, c);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = uniform(-2, 2);
    return m;
  }
  VectorXd vector(int n) { return matrix(n, 1).col(0); }
  std::optional<VectorXd> maybe_vector(int n) {
    if (coin()) return vector(n);
    return std::nullopt;
  }
  double temperature() { return std::vector<double>{0.25, 0.5, 1, 2, 3.7}[size(0, 4)]; }
};

std::string attention_trace(const attn::AttentionTrace& t) {
  Fields f{{"Q", json(t.Q)},
           {"K", json(t.K)},
           {"V", json(t.V)},
           {"scores", json(t.scores)},
           {"weights", json(t.weights)},
           {"context", json(t.context)}};
  if (t.output) f.emplace_back("output", json(*t.output));
  return json(f);
}

Fields head_fields(const attn::AttentionWeights& w) {
  Fields f{{"Wq", json(w.Wq)}, {"Wk", json(w.Wk)}, {"Wv", json(w.Wv)}};
  add(f, "bq", w.bq);
  add(f, "bk", w.bk);
  add(f, "bv", w.bv);
  return f;
}

attn::AttentionWeights random_head(Random& r, int d, int dk, int dv) {
  return {r.matrix(d, dk),    r.matrix(d, dk),    r.matrix(d, dv),
          r.maybe_vector(dk), r.maybe_vector(dk), r.maybe_vector(dv)};
}

}  // namespace

int main() {
  Random r;
  std::vector<std::string> cases;
  auto emit = [&](const std::string& fn, const std::vector<std::string>& args,
                  const std::string& result) {
    std::string a = "[";
    for (std::size_t i = 0; i < args.size(); ++i) a += (i ? "," : "") + args[i];
    cases.push_back(json(Fields{{"fn", "\"" + fn + "\""}, {"args", a + "]"}, {"result", result}}));
  };

  for (int i = 0; i < 10; ++i) {
    const int n = r.size(1, 8);
    const VectorXd a = r.vector(n), b = r.vector(n);
    emit("dot", {json(a), json(b)}, num(attn::dot(a, b)));
    const attn::Similarity s = attn::similarity(a, b);
    emit("similarity", {json(a), json(b)},
         json(Fields{{"dot", num(s.dot)},
                     {"cosine", s.cosine ? num(*s.cosine) : "null"},
                     {"normA", num(s.norm_a)},
                     {"normB", num(s.norm_b)},
                     {"angleDegrees", s.angle_degrees ? num(*s.angle_degrees) : "null"},
                     {"terms", json(s.terms)}}));
  }
  for (int i = 0; i < 10; ++i) {
    VectorXd x = r.vector(r.size(1, 8)) * 5.0;
    for (Eigen::Index j = 1; j < x.size(); ++j)
      if (r.size(0, 3) == 0) x(j) = -std::numeric_limits<double>::infinity();  // masked
    const double T = r.temperature();
    const int dk = r.size(1, 64);
    const attn::SoftmaxTrace t = attn::softmax_trace(x, T, dk);
    emit("softmaxTrace", {json(x), num(T), std::to_string(dk)},
         json(Fields{{"divisor", num(t.divisor)},
                     {"scaled", json(t.scaled)},
                     {"max", num(t.max)},
                     {"shifted", json(t.shifted)},
                     {"exps", json(t.exps)},
                     {"sum", num(t.sum)},
                     {"weights", json(t.weights)}}));
  }
  for (int i = 0; i < 10; ++i) {
    const int n = r.size(1, 5), din = r.size(1, 5), dout = r.size(1, 5);
    const MatrixXd X = r.matrix(n, din), W = r.matrix(din, dout);
    const std::optional<VectorXd> b = r.maybe_vector(dout);
    std::vector<std::string> args{json(X), json(W)};
    if (b) args.push_back(json(*b));
    emit("linear", args, json(attn::linear(X, W, b)));
  }
  for (int i = 0; i < 20; ++i) {
    const int n = r.size(1, 6), d = r.size(1, 6), dk = r.size(1, 5);
    const int dv = r.coin() ? d : r.size(1, 5);
    const MatrixXd X = r.matrix(n, d);
    const attn::AttentionWeights w = random_head(r, d, dk, dv);
    const attn::AttentionOptions o{r.coin(), r.coin(), r.temperature()};
    Fields spec = head_fields(w);
    spec.insert(spec.begin(), {"X", json(X)});
    spec.emplace_back("scale", json(o.scale));
    spec.emplace_back("causal", json(o.causal));
    spec.emplace_back("temperature", num(o.temperature));
    emit("selfAttention", {json(spec)}, attention_trace(attn::self_attention(X, w, o)));
  }
  for (int i = 0; i < 10; ++i) {
    const int n = r.size(1, 5), d = r.size(2, 6), h = r.size(1, 3), dout = r.size(1, 6);
    const MatrixXd X = r.matrix(n, d);
    std::vector<attn::AttentionWeights> heads;
    std::string head_json = "[";
    int width = 0;
    for (int k = 0; k < h; ++k) {
      const int dk = r.size(1, 4), dv = r.size(1, 4);
      heads.push_back(random_head(r, d, dk, dv));
      head_json += (k ? "," : "") + json(head_fields(heads.back()));
      width += dv;
    }
    const MatrixXd Wo = r.matrix(width, dout);
    const std::optional<VectorXd> bo = r.maybe_vector(dout);
    attn::AttentionOptions o;
    o.causal = r.coin();
    const attn::MultiHeadTrace t = attn::multi_head_attention(X, heads, Wo, bo, o);
    Fields spec{
        {"X", json(X)}, {"heads", head_json + "]"}, {"Wo", json(Wo)}, {"causal", json(o.causal)}};
    add(spec, "bo", bo);
    std::string out_heads = "[";
    for (std::size_t k = 0; k < t.heads.size(); ++k)
      out_heads += (k ? "," : "") + attention_trace(t.heads[k]);
    emit("multiHeadAttention", {json(spec)},
         json(Fields{
             {"heads", out_heads + "]"}, {"concat", json(t.concat)}, {"output", json(t.output)}}));
  }
  for (int i = 0; i < 10; ++i) {
    const int n = r.size(1, 5), d = r.size(1, 6);
    const MatrixXd X = r.matrix(n, d) * 3.0;
    attn::LayerNormParams p{r.maybe_vector(d), r.maybe_vector(d), r.coin() ? 1e-5 : 0.1};
    Fields params{{"eps", num(p.eps)}};
    add(params, "gamma", p.gamma);
    add(params, "beta", p.beta);
    const attn::LayerNormTrace t = attn::layer_norm_trace(X, p);
    emit("layerNormTrace", {json(X), json(params)},
         json(Fields{{"mean", json(t.mean)},
                     {"variance", json(t.variance)},
                     {"normalized", json(t.normalized)},
                     {"output", json(t.output)}}));
  }
  for (int i = 0; i < 5; ++i) {
    const int n = r.size(1, 40), d = r.size(1, 16);
    emit("positionalEncoding", {std::to_string(n), std::to_string(d)},
         json(attn::positional_encoding(n, d)));
  }
  for (int i = 0; i < 10; ++i) {
    const int n = r.size(1, 5), d = r.size(1, 5), dff = r.size(1, 8), dout = r.size(1, 5);
    const MatrixXd X = r.matrix(n, d);
    attn::FeedForwardParams p{r.matrix(d, dff), r.maybe_vector(dff), r.matrix(dff, dout),
                              r.maybe_vector(dout)};
    Fields params{{"W1", json(p.W1)}, {"W2", json(p.W2)}};
    add(params, "b1", p.b1);
    add(params, "b2", p.b2);
    emit("feedForward", {json(X), json(params)}, json(attn::feed_forward(X, p)));
  }

  std::string out = "[\n";
  for (std::size_t i = 0; i < cases.size(); ++i) out += (i ? ",\n" : "") + cases[i];
  std::fputs((out + "\n]\n").c_str(), stdout);
  return 0;
}
