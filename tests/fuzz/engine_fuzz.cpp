// libFuzzer harness over the engine's public C++ API (wasm/include/attn), every function declared
// in wasm/bindings/functions.hpp through that table (the path JS takes, see fuzz_declared), the
// trainer (attn/train/trainer.hpp) and the translator with its grammar and lexicon
// (attn/translate). Built with clang -fsanitize=fuzzer,address,undefined by tests/fuzz/run.sh.
// One byte (the input's last: FuzzedDataProvider takes integers from the end) picks an API and
// a mode:
//
// - valid: shapes that fit together and moderate finite numbers (|x| <= 100, sizes the
//   lessons use). The call must succeed, and its result must have the properties below.
// - hostile: any shapes (empty, mismatched, over the bounds) and any doubles (NaN,
//   +-Infinity, subnormals, 1e308, raw bit patterns). The call may refuse, but only with a
//   std::invalid_argument (std::runtime_error for a diverging training step) that carries a
//   message; when it succeeds, its result must have the same properties.
//
// Properties, not only "no crash": every returned number finite (masked scores excepted),
// rows of softmax / attention weights in [0, 1] and summing to 1, causal masks respected,
// softmax_rows equal to softmax row by row, the cosine equal to a long-double reference,
// layer norm bounded by sqrt(d), positional encodings in [-1, 1], a diverging step(1)
// leaving the model as it was, a sentence the grammar accepts having a Hindi reference that
// ends in <eos> with an English word for each Hindi one, a lexicon refused only with the
// line at fault, every attention map of a translation made of distributions. A broken property
// prints what broke and aborts, so libFuzzer keeps the input as a crash file.
//
// tests/fuzz/corpus holds the seeds: inputs that reach distinct branches, and named ones
// that replay bugs found and fixed (with this file's order of draws): a softmax whose
// T * sqrt(d_k) overflows, parallel vectors of 1e-200, a vector whose length overflows, an
// untrained translator writing <eos> first (its translation had no encoder maps).
#include <fuzzer/FuzzedDataProvider.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "../../wasm/bindings/functions.hpp"
#include "../../wasm/bindings/models.hpp"
#include "attn/attention.hpp"
#include "attn/feed_forward.hpp"
#include "attn/layer_norm.hpp"
#include "attn/linear.hpp"
#include "attn/multi_head.hpp"
#include "attn/positional_encoding.hpp"
#include "attn/similarity.hpp"
#include "attn/softmax.hpp"
#include "attn/train/trainer.hpp"
#include "attn/translate/grammar.hpp"
#include "attn/translate/lexicon.hpp"
#include "attn/translate/translator.hpp"

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Rounding in a sum of at most a few thousand weights stays far below this.
constexpr double kSumTolerance = 1e-12;

[[noreturn]] __attribute__((format(printf, 1, 2))) void fail(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::fputs("PROPERTY BROKEN: ", stderr);
  std::vfprintf(stderr, format, args);
  std::fputc('\n', stderr);
  va_end(args);
  std::abort();
}

#define PROPERTY(condition, ...)         \
  do {                                   \
    if (!(condition)) fail(__VA_ARGS__); \
  } while (0)

// Draws sizes and numbers from the fuzzer's bytes. Once they run out every draw is the
// smallest choice (0 or the lower bound), so short inputs still make whole calls.
class Draw {
 public:
  Draw(const std::uint8_t* data, std::size_t size) : in_(data, size) {}

  bool hostile = false;

  bool flag() { return in_.ConsumeBool(); }
  int pick(int lo, int hi) { return in_.ConsumeIntegralInRange<int>(lo, hi); }

  // A matrix dimension: 1..max when valid; in hostile mode also 0.
  Eigen::Index dim(int max) { return pick(hostile ? 0 : 1, max); }
  // A dimension that should equal `want`; in hostile mode sometimes another one.
  Eigen::Index match(Eigen::Index want, int max) {
    return (hostile && pick(0, 7) == 0) ? dim(max) : want;
  }

  double moderate() { return pick(-1000, 1000) / 10.0; }

  double number() {
    if (!hostile) return moderate();
    switch (pick(0, 7)) {
      case 0: {
        static const double special[] = {0.0,
                                         -0.0,
                                         1.0,
                                         -1.0,
                                         std::numeric_limits<double>::quiet_NaN(),
                                         kInf,
                                         -kInf,
                                         std::numeric_limits<double>::max(),
                                         -std::numeric_limits<double>::max(),
                                         std::numeric_limits<double>::min(),
                                         std::numeric_limits<double>::denorm_min(),
                                         1e308,
                                         -1e308,
                                         1e154,
                                         1e-154,
                                         1e-200};
        return special[pick(0, sizeof special / sizeof special[0] - 1)];
      }
      case 1:  // any magnitude a double has, moderate mantissa
        return std::ldexp(moderate(), pick(-1074, 1023));
      case 2: {  // any bit pattern (NaN payloads, subnormals, ...)
        const std::uint64_t bits = in_.ConsumeIntegral<std::uint64_t>();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
      }
      default:
        return moderate();
    }
  }

  // A positive parameter (temperature, eps, learning rate): [lo, hi] when valid.
  double positive(double lo, double hi) {
    if (hostile && flag()) return number();
    return lo + (hi - lo) * pick(0, 1000) / 1000.0;
  }

  Eigen::MatrixXd matrix(Eigen::Index rows, Eigen::Index cols) {
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = number();
    return m;
  }
  Eigen::VectorXd vector(Eigen::Index n) { return matrix(n, 1); }
  std::optional<Eigen::VectorXd> maybe_vector(Eigen::Index n, int max) {
    if (!flag()) return std::nullopt;
    return vector(match(n, max));
  }

  std::string bytes(std::size_t max) { return in_.ConsumeRandomLengthString(max); }

 private:
  FuzzedDataProvider in_;
};

// Every entry to the last bit, for the report of a broken property.
std::string text(const Eigen::MatrixXd& m) {
  std::string out = "[";
  char entry[32];
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    out += i ? "; " : "";
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      std::snprintf(entry, sizeof entry, j ? ", %.17g" : "%.17g", m(i, j));
      out += entry;
    }
  }
  return out + "]";
}

void require_message(const char* api, const char* message) {
  PROPERTY(message != nullptr && message[0] != '\0', "%s threw an error without a message", api);
}

enum class Outcome { ok, refused };

// Runs one call. An error must be std::invalid_argument (or std::runtime_error where the
// API documents one) with a message, and is allowed only when may_refuse (hostile input).
template <typename Call>
Outcome attempt(const char* api, bool may_refuse, Call&& call, bool runtime_error_ok = false) {
  std::string message;
  try {
    call();
    return Outcome::ok;
  } catch (const std::invalid_argument& e) {
    message = e.what();
  } catch (const std::runtime_error& e) {
    if (!runtime_error_ok) fail("%s threw std::runtime_error: %s", api, e.what());
    message = e.what();
  } catch (const std::exception& e) {
    fail("%s threw %s (not std::invalid_argument): %s", api, typeid(e).name(), e.what());
  } catch (...) {
    fail("%s threw something that is not a std::exception", api);
  }
  require_message(api, message.c_str());
  PROPERTY(may_refuse, "%s refused a valid input: %s", api, message.c_str());
  return Outcome::refused;
}

void require_finite(const char* api, const char* what, const Eigen::MatrixXd& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      PROPERTY(std::isfinite(m(i, j)), "%s: %s(%ld, %ld) = %g is not finite", api, what,
               static_cast<long>(i), static_cast<long>(j), m(i, j));
}

void require_shape(const char* api, const char* what, const Eigen::MatrixXd& m, Eigen::Index rows,
                   Eigen::Index cols) {
  PROPERTY(m.rows() == rows && m.cols() == cols, "%s: %s is %ld x %ld, expected %ld x %ld", api,
           what, static_cast<long>(m.rows()), static_cast<long>(m.cols()), static_cast<long>(rows),
           static_cast<long>(cols));
}

// Each row a probability distribution: entries in [0, 1] summing to 1.
void require_distributions(const char* api, const Eigen::MatrixXd& w) {
  require_finite(api, "weights", w);
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    PROPERTY(w.row(i).minCoeff() >= 0.0 && w.row(i).maxCoeff() <= 1.0,
             "%s: weights row %ld leaves [0, 1]", api, static_cast<long>(i + 1));
    PROPERTY(std::abs(w.row(i).sum() - 1.0) <= kSumTolerance, "%s: weights row %ld sums to %.17g",
             api, static_cast<long>(i + 1), w.row(i).sum());
  }
}

// ---------------------------------------------------------------- softmax

void fuzz_softmax(Draw& d) {
  const Eigen::Index n = d.dim(16);
  Eigen::VectorXd x = d.vector(n);
  for (Eigen::Index i = 0; i < n; ++i)
    if (d.pick(0, 5) == 0) x(i) = -kInf;  // a masked position, legitimate in valid mode too
  const bool all_masked = n > 0 && (x.array() == -kInf).all();
  if (all_masked && !d.hostile) x(0) = d.moderate();
  const double temperature = d.positive(0.01, 100);
  const int key_dim = d.hostile && d.flag() ? d.pick(-3, 1 << 30) : d.pick(1, 64);

  attn::SoftmaxTrace t;
  if (attempt("softmax_trace", d.hostile,
              [&] { t = attn::softmax_trace(x, temperature, key_dim); }) == Outcome::refused)
    return;
  const Eigen::MatrixXd w = t.weights.transpose();
  require_distributions("softmax_trace", w);
  PROPERTY(std::isfinite(t.divisor) && t.divisor > 0, "softmax_trace: divisor %g", t.divisor);
  PROPERTY(std::isfinite(t.max) && std::isfinite(t.sum) && t.sum >= 1.0,
           "softmax_trace: max %g, sum %g", t.max, t.sum);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (x(i) == -kInf) {
      PROPERTY(t.weights(i) == 0.0, "softmax_trace: masked entry %ld has weight %g",
               static_cast<long>(i + 1), t.weights(i));
      continue;
    }
    PROPERTY(std::isfinite(t.scaled(i)) && t.shifted(i) <= 0.0,
             "softmax_trace: entry %ld scaled %g shifted %g", static_cast<long>(i + 1), t.scaled(i),
             t.shifted(i));
    // Softmax keeps the order of the scores.
    for (Eigen::Index j = 0; j < n; ++j)
      PROPERTY(!(x(i) < x(j)) || t.weights(i) <= t.weights(j),
               "softmax_trace: x[%ld] < x[%ld] but weight %g > %g", static_cast<long>(i + 1),
               static_cast<long>(j + 1), t.weights(i), t.weights(j));
  }
  if (key_dim == 1) {
    const Eigen::VectorXd plain = attn::softmax(x, temperature);
    PROPERTY(plain == t.weights, "softmax and softmax_trace disagree");
  }
}

// softmax_rows has its own loop (no trace per row): it must agree with softmax row by row,
// in its results and in which rows it refuses.
void fuzz_softmax_rows(Draw& d) {
  const Eigen::Index rows = d.dim(6), cols = d.dim(8);
  Eigen::MatrixXd s = d.matrix(rows, cols);
  for (Eigen::Index i = 0; i < s.size(); ++i)
    if (d.pick(0, 5) == 0) s.data()[i] = -kInf;
  if (!d.hostile)
    for (Eigen::Index i = 0; i < rows; ++i)
      if ((s.row(i).array() == -kInf).all()) s(i, 0) = d.moderate();
  const double temperature = d.positive(0.01, 100);

  Eigen::MatrixXd w;
  const Outcome outcome =
      attempt("softmax_rows", d.hostile, [&] { w = attn::softmax_rows(s, temperature); });
  bool every_row_ok = rows > 0 && cols > 0;
  for (Eigen::Index i = 0; i < rows && every_row_ok; ++i) {
    try {
      const Eigen::VectorXd row = attn::softmax(s.row(i).transpose(), temperature);
      if (outcome == Outcome::ok)
        // The two sum the exps in a different order: equal to rounding.
        PROPERTY((row - w.row(i).transpose()).cwiseAbs().maxCoeff() <= 1e-15,
                 "softmax_rows row %ld differs from softmax: scores %s, temperature %.17g, "
                 "softmax_rows %s, softmax %s",
                 static_cast<long>(i + 1), text(s.row(i)).c_str(), temperature,
                 text(w.row(i)).c_str(), text(row.transpose()).c_str());
    } catch (const std::invalid_argument&) {
      every_row_ok = false;
    }
  }
  PROPERTY((outcome == Outcome::ok) == every_row_ok, "softmax_rows %s where softmax %s every row",
           outcome == Outcome::ok ? "accepted" : "refused", every_row_ok ? "accepts" : "refuses");
  if (outcome == Outcome::ok) require_distributions("softmax_rows", w);
}

// ---------------------------------------------------------------- similarity

void fuzz_similarity(Draw& d) {
  const Eigen::Index n = d.dim(16);
  Eigen::VectorXd a = d.vector(n), b = d.vector(d.match(n, 16));
  // Valid vectors of any size a double allows: each scaled by its own power of ten.
  if (!d.hostile) {
    a *= std::pow(10.0, d.pick(-300, 300));
    b *= std::pow(10.0, d.pick(-300, 300));
  }
  // In long double (64-bit mantissa, exponents to +-4932) nothing a double holds under- or
  // overflows, so this is the reference cosine.
  long double dot = 0, aa = 0, bb = 0, largest = 0;
  if (a.size() == b.size())
    for (Eigen::Index i = 0; i < n; ++i) {
      const long double term = static_cast<long double>(a(i)) * b(i);
      dot += term;
      aa += static_cast<long double>(a(i)) * a(i);
      bb += static_cast<long double>(b(i)) * b(i);
      largest = std::max({largest, std::fabs(term), std::fabs(dot)});
    }
  // The dot product (and its terms) are reported as they are, so one that overflows a double
  // is refused even for valid vectors.
  const bool overflows = largest > 1e307L;

  attn::Similarity s;
  if (attempt("similarity", d.hostile || overflows, [&] { s = attn::similarity(a, b); }) ==
      Outcome::refused)
    return;
  PROPERTY(std::isfinite(s.dot) && std::isfinite(s.norm_a) && std::isfinite(s.norm_b),
           "similarity: dot %g, norms %g %g", s.dot, s.norm_a, s.norm_b);
  for (Eigen::Index i = 0; i < n; ++i)
    PROPERTY(s.terms(i) == a(i) * b(i), "similarity: term %ld", static_cast<long>(i + 1));
  const bool zero = (a.array() == 0).all() || (b.array() == 0).all();
  PROPERTY(s.cosine.has_value() == !zero && s.angle_degrees.has_value() == !zero,
           "similarity: cosine present %d for a zero vector %d", s.cosine.has_value(), zero);
  if (zero) return;
  const double reference = static_cast<double>(dot / std::sqrt(aa) / std::sqrt(bb));
  PROPERTY(std::abs(*s.cosine - reference) <= 1e-12,
           "similarity: cosine %.17g, long-double reference %.17g", *s.cosine, reference);
  PROPERTY(*s.angle_degrees >= 0 && *s.angle_degrees <= 180, "similarity: angle %g",
           *s.angle_degrees);
}

// ---------------------------------------------------------------- linear, feed-forward

void fuzz_linear(Draw& d) {
  const Eigen::Index n = d.dim(8), in = d.dim(8), out = d.dim(8);
  const Eigen::MatrixXd X = d.matrix(n, in);
  const Eigen::MatrixXd W = d.matrix(d.match(in, 8), out);
  const std::optional<Eigen::VectorXd> b = d.maybe_vector(out, 8);
  Eigen::MatrixXd Y;
  if (attempt("linear", d.hostile, [&] { Y = attn::linear(X, W, b); }) == Outcome::refused) return;
  require_shape("linear", "X W + b", Y, n, out);
  require_finite("linear", "X W + b", Y);
  // Against the sum written out, within rounding of the sum of |terms|.
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < out; ++j) {
      long double sum = b ? (*b)(j) : 0.0, size = b ? std::fabs((*b)(j)) : 0.0;
      for (Eigen::Index k = 0; k < in; ++k) {
        sum += static_cast<long double>(X(i, k)) * W(k, j);
        size += std::fabs(static_cast<long double>(X(i, k)) * W(k, j));
      }
      PROPERTY(std::fabs(Y(i, j) - sum) <= 1e-13L * size + 1e-300L,
               "linear: Y(%ld, %ld) = %.17g, the sum written out gives %.17Lg",
               static_cast<long>(i), static_cast<long>(j), Y(i, j), sum);
    }
}

void fuzz_feed_forward(Draw& d) {
  const Eigen::Index n = d.dim(6), width = d.dim(8), hidden = d.dim(12), out = d.dim(8);
  attn::FeedForwardParams p;
  const Eigen::MatrixXd X = d.matrix(n, width);
  p.W1 = d.matrix(d.match(width, 8), hidden);
  p.b1 = d.maybe_vector(hidden, 12);
  p.W2 = d.matrix(d.match(hidden, 12), out);
  p.b2 = d.maybe_vector(out, 8);
  attn::FeedForwardTrace t;
  if (attempt("feed_forward_trace", d.hostile, [&] { t = attn::feed_forward_trace(X, p); }) ==
      Outcome::refused)
    return;
  require_shape("feed_forward_trace", "output", t.output, n, out);
  require_finite("feed_forward_trace", "hidden", t.hidden);
  require_finite("feed_forward_trace", "output", t.output);
  PROPERTY(t.activated == t.hidden.cwiseMax(0.0), "feed_forward_trace: activated != ReLU(hidden)");
}

// ---------------------------------------------------------------- attention

struct Head {
  attn::AttentionWeights w;
  Eigen::Index value_width = 0;
};

Head draw_head(Draw& d, Eigen::Index width) {
  Head h;
  const Eigen::Index key = d.dim(8);
  h.value_width = d.flag() ? width : d.dim(8);
  h.w.Wq = d.matrix(d.match(width, 8), key);
  h.w.Wk = d.matrix(d.match(width, 8), d.match(key, 8));
  h.w.Wv = d.matrix(d.match(width, 8), h.value_width);
  h.w.bq = d.maybe_vector(key, 8);
  h.w.bk = d.maybe_vector(key, 8);
  h.w.bv = d.maybe_vector(h.value_width, 8);
  return h;
}

attn::AttentionOptions draw_options(Draw& d) {
  attn::AttentionOptions o;
  o.scale = d.flag();
  o.causal = d.flag();
  o.temperature = d.positive(0.01, 100);
  return o;
}

Eigen::Index draw_tokens(Draw& d) {
  // Rarely one past the engine's bound on tokens, which must be refused, not attempted.
  return (d.hostile && d.pick(0, 63) == 0) ? 2049 : d.dim(8);
}

// What every head's trace must satisfy, alone or inside multi-head attention.
void check_head(const char* api, const Eigen::MatrixXd& X, const attn::AttentionTrace& t,
                const attn::AttentionOptions& o) {
  const Eigen::Index n = X.rows();
  require_finite(api, "Q", t.Q);
  require_finite(api, "K", t.K);
  require_finite(api, "V", t.V);
  require_finite(api, "context", t.context);
  require_shape(api, "scores", t.scores, n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      const bool masked = o.causal && j > i;
      PROPERTY(masked ? t.scores(i, j) == -kInf : std::isfinite(t.scores(i, j)),
               "%s: score (%ld, %ld) = %g (masked: %d)", api, static_cast<long>(i),
               static_cast<long>(j), t.scores(i, j), masked);
      if (masked)
        PROPERTY(t.weights(i, j) == 0.0, "%s: masked weight (%ld, %ld) = %g", api,
                 static_cast<long>(i), static_cast<long>(j), t.weights(i, j));
    }
  require_distributions(api, t.weights);
  PROPERTY((t.weights - attn::softmax_rows(t.scores, o.temperature)).cwiseAbs().maxCoeff() <= 1e-15,
           "%s: weights are not softmax_rows(scores / temperature)", api);
  // Each context row is a weighted average of V's rows, so it stays within their range.
  for (Eigen::Index c = 0; c < t.V.cols(); ++c) {
    const double lo = t.V.col(c).minCoeff(), hi = t.V.col(c).maxCoeff();
    const double slack = 1e-12 * std::max(std::abs(lo), std::abs(hi)) * static_cast<double>(n);
    for (Eigen::Index i = 0; i < n; ++i)
      PROPERTY(t.context(i, c) >= lo - slack && t.context(i, c) <= hi + slack,
               "%s: context (%ld, %ld) = %g outside V's column range [%g, %g]", api,
               static_cast<long>(i), static_cast<long>(c), t.context(i, c), lo, hi);
  }
}

void fuzz_self_attention(Draw& d) {
  const Eigen::Index n = draw_tokens(d), width = d.dim(8);
  const Eigen::MatrixXd X = d.matrix(n, width);
  const Head h = draw_head(d, width);
  const attn::AttentionOptions o = draw_options(d);
  attn::AttentionTrace t;
  if (attempt("self_attention", d.hostile, [&] { t = attn::self_attention(X, h.w, o); }) ==
      Outcome::refused)
    return;
  check_head("self_attention", X, t, o);
  PROPERTY(t.output.has_value() == (t.V.cols() == X.cols()),
           "self_attention: output present %d with d_v %ld and d %ld", t.output.has_value(),
           static_cast<long>(t.V.cols()), static_cast<long>(X.cols()));
  if (t.output) PROPERTY(*t.output == X + t.context, "self_attention: output != X + context");
}

void fuzz_multi_head(Draw& d) {
  const Eigen::Index n = draw_tokens(d), width = d.dim(8);
  const Eigen::MatrixXd X = d.matrix(n, width);
  std::vector<attn::AttentionWeights> heads;
  Eigen::Index concat_width = 0;
  for (int k = d.pick(d.hostile ? 0 : 1, 4); k > 0; --k) {
    Head h = draw_head(d, width);
    concat_width += h.value_width;
    heads.push_back(std::move(h.w));
  }
  const Eigen::Index out = d.dim(8);
  const Eigen::MatrixXd Wo = d.matrix(d.match(concat_width, 32), out);
  const std::optional<Eigen::VectorXd> bo = d.maybe_vector(out, 8);
  const attn::AttentionOptions o = draw_options(d);
  attn::MultiHeadTrace t;
  if (attempt("multi_head_attention", d.hostile,
              [&] { t = attn::multi_head_attention(X, heads, Wo, bo, o); }) == Outcome::refused)
    return;
  PROPERTY(t.heads.size() == heads.size(), "multi_head_attention: %zu heads for %zu",
           t.heads.size(), heads.size());
  Eigen::Index columns = 0;
  for (const attn::AttentionTrace& head : t.heads) columns += head.context.cols();
  require_shape("multi_head_attention", "concat", t.concat, n, columns);
  Eigen::Index column = 0;
  for (const attn::AttentionTrace& head : t.heads) {
    check_head("multi_head_attention", X, head, o);
    PROPERTY(t.concat.middleCols(column, head.context.cols()) == head.context,
             "multi_head_attention: concat does not hold the heads' contexts in order");
    column += head.context.cols();
  }
  require_shape("multi_head_attention", "output", t.output, n, out);
  require_finite("multi_head_attention", "output", t.output);
}

// ---------------------------------------------------------------- layer norm, positions

void fuzz_layer_norm(Draw& d) {
  const Eigen::Index n = d.dim(6), width = d.dim(12);
  const Eigen::MatrixXd X = d.matrix(n, width);
  attn::LayerNormParams p;
  p.gamma = d.maybe_vector(width, 12);
  p.beta = d.maybe_vector(width, 12);
  p.eps = d.positive(1e-8, 1);
  attn::LayerNormTrace t;
  if (attempt("layer_norm_trace", d.hostile, [&] { t = attn::layer_norm_trace(X, p); }) ==
      Outcome::refused)
    return;
  require_finite("layer_norm_trace", "normalized", t.normalized);
  require_finite("layer_norm_trace", "output", t.output);
  PROPERTY((t.variance.array() >= 0).all(), "layer_norm_trace: negative variance");
  // |x_i - mean| <= sqrt(d * variance), so no normalized entry exceeds sqrt(d).
  const double bound = std::sqrt(static_cast<double>(width)) * (1 + 1e-9);
  PROPERTY(t.normalized.cwiseAbs().maxCoeff() <= bound,
           "layer_norm_trace: |normalized| = %.17g > sqrt(%ld)", t.normalized.cwiseAbs().maxCoeff(),
           static_cast<long>(width));
  PROPERTY(attn::layer_norm(X, p) == t.output, "layer_norm and layer_norm_trace disagree");
}

void fuzz_positional_encoding(Draw& d) {
  int n = d.pick(1, 64), width = d.pick(1, 64);
  // Hostile: around 0 and anything an int holds (most of it over the bound on entries).
  if (d.hostile) {
    n = d.flag() ? d.pick(-2, 300) : d.pick(std::numeric_limits<int>::min(), 1 << 30);
    width = d.flag() ? d.pick(-2, 300) : d.pick(std::numeric_limits<int>::min(), 1 << 30);
  }
  Eigen::MatrixXd pe;
  if (attempt("positional_encoding", d.hostile,
              [&] { pe = attn::positional_encoding(n, width); }) == Outcome::refused)
    return;
  require_shape("positional_encoding", "PE", pe, n, width);
  PROPERTY(pe.cwiseAbs().maxCoeff() <= 1.0, "positional_encoding: an entry outside [-1, 1]");
  // Position 0: sin(0) = 0 in even columns, cos(0) = 1 in odd ones.
  for (int j = 0; j < width; ++j)
    PROPERTY(pe(0, j) == (j % 2 == 0 ? 0.0 : 1.0), "positional_encoding: PE(0, %d) = %g", j,
             pe(0, j));
}

// ---------------------------------------------------------------- trainer

attn::train::TrainerConfig draw_config(Draw& d) {
  attn::train::TrainerConfig c;
  static const char* const tasks[] = {"adjectives", "pronouns"};
  static const char* const optimizers[] = {"adam", "sgd"};
  c.task = tasks[d.pick(0, 1)];
  c.optimizer = optimizers[d.pick(0, 1)];
  c.seed = static_cast<std::uint64_t>(d.pick(0, 1 << 30)) *
           static_cast<std::uint64_t>(d.pick(1, 1 << 20));
  c.heads = 1 << d.pick(0, 2);
  c.width = c.heads * d.pick(4 / c.heads, 32 / c.heads);  // 4..32, divisible by heads
  c.lr = d.positive(1e-4, 0.1);
  c.layer_norm = d.flag();
  c.batch = d.pick(1, 8);
  c.momentum = c.optimizer == "sgd" ? d.pick(0, 9) / 10.0 : 0.0;
  c.clip = d.pick(0, 4) * 0.5;
  if (!d.hostile) return c;
  if (d.flag()) c.task = d.bytes(12);
  if (d.flag()) c.optimizer = d.bytes(8);
  if (d.flag()) c.heads = d.pick(-1, 6);
  if (d.flag()) c.width = d.pick(-1, 40);
  if (d.flag()) c.lr = d.number();
  if (d.flag()) c.batch = d.pick(-1, 300);
  if (d.flag()) c.momentum = d.number();
  if (d.flag()) c.clip = d.number();
  return c;
}

// Words of the task, now and then a stranger (unknown, garbage bytes, punctuation, NUL).
std::string draw_sentence(Draw& d, const attn::train::Task& task) {
  const auto& words = task.words();
  std::string s;
  for (int k = d.pick(d.hostile ? 0 : 1, d.hostile ? 40 : 12); k > 0; --k) {
    if (!s.empty()) s += d.hostile && d.flag() ? " , " : " ";
    if (d.hostile && d.pick(0, 7) == 0)
      s += d.bytes(10);
    else
      s += words[static_cast<std::size_t>(d.pick(0, static_cast<int>(words.size()) - 1))];
  }
  return s;
}

void check_attention_map(const attn::train::AttentionMap& m, int heads) {
  const auto n = static_cast<Eigen::Index>(m.tokens.size());
  PROPERTY(m.heads == heads && m.weights.size() == static_cast<std::size_t>(heads * n * n),
           "Trainer::attention: %d heads, %zu weights for %ld tokens", m.heads, m.weights.size(),
           static_cast<long>(n));
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  for (int h = 0; h < heads; ++h)
    require_distributions("Trainer::attention",
                          Eigen::Map<const RowMajor>(m.weights.data() + h * n * n, n, n));
}

void check_prediction(const attn::train::Prediction& p) {
  const Eigen::Map<const Eigen::RowVectorXd> probs(
      p.probabilities.data(), static_cast<Eigen::Index>(p.probabilities.size()));
  require_distributions("Trainer::predict", probs);
  PROPERTY(p.candidates.size() == p.probabilities.size(), "Trainer::predict: %zu candidates",
           p.candidates.size());
  Eigen::Index best = 0;
  probs.maxCoeff(&best);
  PROPERTY(p.word == p.candidates[static_cast<std::size_t>(best)],
           "Trainer::predict: word is not the most likely candidate");
  PROPERTY(p.query >= 0 && p.query < static_cast<int>(p.tokens.size()),
           "Trainer::predict: question position %d of %zu", p.query, p.tokens.size());
}

void fuzz_trainer(Draw& d) {
  const attn::train::TrainerConfig config = draw_config(d);
  std::optional<attn::train::Trainer> trainer;
  if (attempt("Trainer", d.hostile, [&] { trainer.emplace(config); }) == Outcome::refused) return;
  attn::train::Trainer& t = *trainer;
  // A sentence the trainer can answer, to see whether a refused step changed the model.
  const std::string probe = t.sample(1).front();

  for (int op = d.pick(1, 6); op > 0; --op) {
    // Not evaluate(): it reads no input, and its 512 held-out sentences (0.1 s under the
    // sanitizers) would take most of the fuzzer's time; the Catch2 suite covers it.
    switch (d.pick(0, 5)) {
      case 0: {
        int n = d.pick(1, 3);
        if (d.hostile && d.flag()) n = d.flag() ? 100001 : d.pick(-2, 0);
        const long long before = t.steps();
        const std::vector<double> probs = t.predict(probe).probabilities;
        attn::train::StepStats s;
        if (attempt(
                "Trainer::step", d.hostile, [&] { s = t.step(n); }, true) == Outcome::ok) {
          PROPERTY(s.step == before + n && t.steps() == s.step, "Trainer::step: count %lld",
                   s.step);
          PROPERTY(std::isfinite(s.loss) && s.loss >= 0, "Trainer::step: loss %g", s.loss);
          PROPERTY(s.accuracy >= 0 && s.accuracy <= 1, "Trainer::step: accuracy %g", s.accuracy);
        } else if (n == 1) {
          PROPERTY(t.steps() == before && t.predict(probe).probabilities == probs,
                   "Trainer::step(1) refused but changed the model");
        }
        break;
      }
      case 1: {
        const std::string sentence = draw_sentence(d, t.task());
        attn::train::AttentionMap m;
        if (attempt("Trainer::attention", d.hostile, [&] { m = t.attention(sentence); }) ==
            Outcome::ok)
          check_attention_map(m, config.heads);
        break;
      }
      case 2: {
        const std::string sentence = draw_sentence(d, t.task());
        attn::train::Prediction p;
        // Known words may still hold no question word to ask at, so predict may refuse.
        if (attempt("Trainer::predict", true, [&] { p = t.predict(sentence); }) == Outcome::ok)
          check_prediction(p);
        break;
      }
      case 3: {
        const double lr = d.positive(1e-4, 0.1);
        attempt("Trainer::set_learning_rate", d.hostile, [&] { t.set_learning_rate(lr); });
        break;
      }
      case 4: {
        const int k = d.hostile ? d.pick(-1, 70) : d.pick(1, 64);
        std::vector<std::string> sample;
        if (attempt("Trainer::sample", d.hostile, [&] { sample = t.sample(k); }) == Outcome::ok) {
          PROPERTY(!sample.empty() && static_cast<int>(sample.size()) <= k,
                   "Trainer::sample(%d) gave %zu", k, sample.size());
          check_prediction(t.predict(sample.back()));
        }
        break;
      }
      default:
        t.reset(static_cast<std::uint64_t>(d.pick(0, 1 << 30)));
        PROPERTY(t.steps() == 0, "Trainer::reset left %lld steps", t.steps());
        break;
    }
  }
}

// ---------------------------------------------------------------- translator

// A sentence for the English -> Hindi grammar. Valid: one the grammar generates, written as a
// learner might (capitals, a full stop), which must be accepted as exactly those words.
// Hostile: the grammar's words in any order mixed with strangers (unknown words, raw bytes,
// punctuation, NUL, "an" for "a"), or a pasted page far past the limit on words.
struct Sentence {
  std::string text;
  std::vector<int> expected;  // the source ids, when valid
};

Sentence draw_english(Draw& d, const attn::translate::Grammar& g) {
  if (!d.hostile) {
    const auto& set = d.flag() ? g.training() : g.held_out();
    const auto& example =
        set[static_cast<std::size_t>(d.pick(0, static_cast<int>(set.size()) - 1))];
    std::string text = g.source_text(example.source);
    if (d.flag()) text[0] = static_cast<char>(text[0] - 'a' + 'A');
    static const char* const endings[] = {"", ".", "!", "?"};
    text += endings[d.pick(0, 3)];
    return {text, example.source};
  }
  const auto& words = g.source().words;
  static const char* const strangers[] = {"an", "a",  "cat", ".",    "!",    "?",       ",", "<b>",
                                          "7",  "\t", "é",   "लड़का", "EATS", "the the", "",  " "};
  std::string s;
  if (d.pick(0, 31) == 0) {  // a pasted page: tens of thousands of words, or one huge word
    const std::string word = d.flag() ? words[0] + " " : std::string(1, 'a');
    for (int k = d.pick(1, 40000); k > 0; --k) s += word;
    return {s, {}};
  }
  for (int k = d.pick(0, 12); k > 0; --k) {
    if (!s.empty() && d.pick(0, 7) != 0) s += " ";
    switch (d.pick(0, 7)) {
      case 0:
        s += d.bytes(12);
        break;
      case 1:
        s += strangers[d.pick(0, sizeof strangers / sizeof strangers[0] - 1)];
        break;
      default:
        s += words[static_cast<std::size_t>(d.pick(0, static_cast<int>(words.size()) - 1))];
    }
  }
  if (d.pick(0, 15) == 0) s.push_back('\0');
  return {s, {}};
}

void fuzz_grammar(Draw& d) {
  const attn::translate::Grammar& g = attn::translate::default_grammar();
  const Sentence sentence = draw_english(d, g);
  std::vector<int> source;
  if (attempt("Grammar::encode", d.hostile, [&] { source = g.encode(sentence.text); }) ==
      Outcome::refused)
    return;
  if (!d.hostile)
    PROPERTY(source == sentence.expected, "Grammar::encode(\"%s\") gave other words",
             sentence.text.c_str());
  PROPERTY(!source.empty() && static_cast<int>(source.size()) <= g.max_source_length(),
           "Grammar::encode: %zu words", source.size());
  std::vector<int> reference, alignment;
  attempt("Grammar::reference", false, [&] {
    reference = g.reference(source);
    alignment = g.alignment(source);
  });
  PROPERTY(!reference.empty() && reference.back() == attn::translate::kEos &&
               static_cast<int>(reference.size()) <= g.max_target_length(),
           "Grammar::reference(\"%s\"): %zu tokens, the last %d", sentence.text.c_str(),
           reference.size(), reference.empty() ? -1 : reference.back());
  PROPERTY(alignment.size() == reference.size(), "Grammar::alignment: %zu entries for %zu tokens",
           alignment.size(), reference.size());
  for (std::size_t i = 0; i < alignment.size(); ++i)
    PROPERTY(alignment[i] >= -1 && alignment[i] < static_cast<int>(source.size()),
             "Grammar::alignment(\"%s\")[%zu] = %d", sentence.text.c_str(), i, alignment[i]);
  // Written back out, the sentence reads the same.
  PROPERTY(g.encode(g.source_text(source)) == source, "Grammar: source_text does not round-trip");
}

// The default lexicon with a few lines damaged: bytes replaced, inserted or cut, lines
// dropped, doubled or swapped, fields swapped. Parsed, or refused with the line at fault.
void fuzz_lexicon(Draw& d) {
  std::string text(attn::translate::default_lexicon_text());
  for (int k = d.pick(d.hostile ? 1 : 0, 6); k > 0; --k) {
    const std::size_t at = static_cast<std::size_t>(d.pick(0, static_cast<int>(text.size())));
    const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t begin = line_start == std::string::npos ? 0 : line_start + 1;
    const std::size_t end = std::min(text.find('\n', at), text.size());
    switch (d.pick(0, 6)) {
      case 0:
        if (at < text.size()) text[at] = static_cast<char>(d.pick(0, 255));
        break;
      case 1:
        text.insert(at, d.bytes(16));
        break;
      case 2:
        text.erase(at, static_cast<std::size_t>(d.pick(0, 40)));
        break;
      case 3:
        text.erase(begin, end - begin);
        break;
      case 4:
        text.insert(begin, text.substr(begin, end - begin) + "\n");
        break;
      case 5: {  // swap two words on the line
        const std::size_t space = text.find(' ', begin);
        if (space < end) text.insert(end, " " + text.substr(begin, space - begin));
        if (space < end) text.erase(begin, space - begin + 1);
        break;
      }
      default:
        text.insert(begin, d.bytes(60) + "\n");
    }
  }
  std::string message;
  try {
    attn::translate::parse_lexicon(text);
    return;
  } catch (const std::invalid_argument& e) {
    message = e.what();
  } catch (const std::exception& e) {
    fail("parse_lexicon threw %s (not std::invalid_argument): %s", typeid(e).name(), e.what());
  }
  int line = 0, consumed = 0;
  const long lines = 1 + std::count(text.begin(), text.end(), '\n');
  PROPERTY(std::sscanf(message.c_str(), "line %d: %n", &line, &consumed) == 1 && consumed > 0 &&
               message[static_cast<std::size_t>(consumed)] != '\0',
           "parse_lexicon refused without naming a line: %s", message.c_str());
  PROPERTY(line >= 1 && line <= lines, "parse_lexicon blames line %d of %ld: %s", line, lines,
           message.c_str());
}

attn::translate::TranslatorConfig draw_translator_config(Draw& d) {
  attn::translate::TranslatorConfig c;
  static const char* const optimizers[] = {"adam", "sgd"};
  c.seed = static_cast<std::uint64_t>(d.pick(0, 1 << 30)) *
           static_cast<std::uint64_t>(d.pick(1, 1 << 20));
  c.layers = d.pick(1, 2);
  c.heads = 1 << d.pick(0, 2);
  // Small widths and batches: a step of the default demo costs too much under the sanitizers.
  c.width = c.heads * d.pick(4 / c.heads, 16 / c.heads);
  c.lr = d.positive(1e-4, 0.1);
  c.optimizer = optimizers[d.pick(0, 1)];
  c.batch = d.pick(1, 4);
  if (!d.hostile) return c;
  if (d.flag()) c.layers = d.pick(-1, 3);
  if (d.flag()) c.heads = d.pick(-1, 6);
  if (d.flag()) c.width = d.pick(-1, 40);
  if (d.flag()) c.lr = d.number();
  if (d.flag()) c.optimizer = d.bytes(8);
  if (d.flag()) c.batch = d.pick(-1, 300);
  return c;
}

// layers x heads maps of rows x cols, row-major: each row a distribution.
void check_maps(const char* what, const std::vector<double>& maps, int layers, int heads,
                Eigen::Index rows, Eigen::Index cols) {
  PROPERTY(maps.size() == static_cast<std::size_t>(layers * heads * rows * cols),
           "Translator::translate: %s holds %zu weights for %d x %d maps of %ld x %ld", what,
           maps.size(), layers, heads, static_cast<long>(rows), static_cast<long>(cols));
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  for (int m = 0; m < layers * heads; ++m)
    require_distributions(what,
                          Eigen::Map<const RowMajor>(maps.data() + m * rows * cols, rows, cols));
}

void fuzz_translator(Draw& d) {
  const attn::translate::TranslatorConfig config = draw_translator_config(d);
  std::optional<attn::translate::Translator> translator;
  if (attempt("Translator", d.hostile, [&] { translator.emplace(config); }) == Outcome::refused)
    return;
  attn::translate::Translator& t = *translator;
  // Not evaluate() or cross_attention_report(): hundreds of held-out sentences each; the
  // Catch2 suite covers them.
  for (int op = d.pick(1, 3); op > 0; --op) {
    if (d.flag()) {
      const int n = d.hostile && d.pick(0, 3) == 0 ? d.pick(-2, 0) : d.pick(1, 3);
      attn::translate::TranslatorStep s;
      if (attempt(
              "Translator::step", d.hostile, [&] { s = t.step(n); }, true) == Outcome::ok) {
        PROPERTY(s.step == t.steps(), "Translator::step: count %lld of %lld", s.step, t.steps());
        PROPERTY(std::isfinite(s.loss) && s.loss >= 0, "Translator::step: loss %g", s.loss);
        PROPERTY(s.accuracy >= 0 && s.accuracy <= 1, "Translator::step: accuracy %g", s.accuracy);
      }
      continue;
    }
    const Sentence sentence = draw_english(d, t.grammar());
    attn::translate::Translation r;
    if (attempt("Translator::translate", d.hostile, [&] { r = t.translate(sentence.text); }) ==
        Outcome::refused)
      continue;
    const auto rows = static_cast<Eigen::Index>(r.output.size());
    const auto cols = static_cast<Eigen::Index>(r.source.size());
    // An untrained model may write <eos> first: no output rows, but the encoder's maps.
    PROPERTY(r.layers == config.layers && r.heads == config.heads && cols >= 1 &&
                 r.decoder_input.size() == r.output.size() &&
                 r.confidence.size() == r.output.size() && r.alignment.size() == r.reference.size(),
             "Translator::translate: %d layers, %d heads, %zu words out of %zu", r.layers, r.heads,
             r.output.size(), r.source.size());
    for (const double c : r.confidence)
      PROPERTY(c >= 0 && c <= 1, "Translator::translate: confidence %g", c);
    check_maps("cross", r.cross, r.layers, r.heads, rows, cols);
    check_maps("encoder_self", r.encoder_self, r.layers, r.heads, cols, cols);
    check_maps("decoder_self", r.decoder_self, r.layers, r.heads, rows, rows);
  }
}

// ---------------------------------------------------------------- every declared function

// The path JS takes (wasm/bindings/engine.cpp): a function of the table in functions.hpp, its
// arguments packed into one buffer of doubles by their declared types, read by api::Reader,
// its results written by api::Writer. Nothing here names a function, so a newly declared one
// is fuzzed with no edit. Three modes:
// - valid: shapes from the declared size symbols in their declared ranges, values of the
//   declared kind (masked scores, rows of weights, sampled temperatures). Must succeed.
// - hostile: what JS lets through (its shape and type checks passed): sizes that disagree
//   (a symbol drawn again at some uses), any double as an entry or number, any 32-bit whole
//   number, any list length up to the list's own declared max. May be refused only with a
//   std::invalid_argument that has a message.
// - raw: any doubles, as a buffer JS did not write. May be refused only with a
//   std::logic_error (the Reader's "internal error") or std::invalid_argument, never read
//   past the buffer, allocate without limit or crash.
// A result, whatever the mode, must be what its declared type says (declared_result).

class PackedArgs {
 public:
  PackedArgs(Draw& d, const attn::api::Function& f) : d_(d), f_(f) {}

  std::vector<double> pack() {
    for (const attn::api::Type* a : attn::api::flatten(f_.args)) value(*a);
    return std::move(out_);
  }

 private:
  Eigen::Index size(attn::api::Text expr) {
    Eigen::Index product = 1;
    std::size_t start = 0;
    for (;;) {
      const std::size_t star = expr.find('*', start);
      const std::string symbol(expr.substr(start, star - start));
      auto known = sizes_.find(symbol);
      if (known == sizes_.end() || (d_.hostile && d_.pick(0, 7) == 0))
        known = sizes_.insert_or_assign(symbol, draw(symbol)).first;
      product *= known->second;
      if (star == std::string::npos) return product;
      start = star + 1;
    }
  }

  // A symbol's size in its declared range (functions.hpp's Size: 1..6 unless declared) and
  // relation: at most another symbol's size, or one of its divisors.
  Eigen::Index draw(const std::string& symbol) {
    int lo = 1, hi = 6;
    const attn::api::Size* declared = nullptr;
    for (const attn::api::Size& z : f_.sizes)
      if (z.symbol == symbol) lo = z.min, hi = z.max, declared = &z;
    if (declared == nullptr || declared->relation == attn::api::Relation::None)
      return d_.pick(lo, hi);
    const Eigen::Index of = size(declared->of);
    if (declared->relation == attn::api::Relation::AtMost)
      return d_.pick(lo, static_cast<int>(std::min<Eigen::Index>(hi, of)));
    std::vector<int> divisors;
    for (int g = lo; g <= hi && g <= of; ++g)
      if (of % g == 0) divisors.push_back(g);
    return divisors[static_cast<std::size_t>(d_.pick(0, static_cast<int>(divisors.size()) - 1))];
  }

  void entries(attn::api::Text values, Eigen::Index rows, Eigen::Index cols) {
    for (Eigen::Index i = 0; i < rows; ++i) {
      const std::size_t row = out_.size();
      double sum = 0;
      for (Eigen::Index j = 0; j < cols; ++j) {
        double v;
        if (d_.hostile)
          v = d_.number();
        else if (values == "masked")  // never the first: a row needs one position to look at
          v = j > 0 && d_.pick(0, 3) == 0 ? -kInf : d_.moderate();
        else if (values == "distribution")  // >= 0, some exactly 0, normalised below
          v = j > 0 && d_.pick(0, 3) == 0 ? 0.0 : d_.pick(1, 1000) / 1000.0;
        else
          v = d_.moderate();
        sum += v;
        out_.push_back(v);
      }
      if (values == "distribution" && !d_.hostile)
        for (Eigen::Index j = 0; j < cols; ++j) out_[row + static_cast<std::size_t>(j)] /= sum;
    }
  }

  void value(const attn::api::Type& t) {
    using attn::api::Kind;
    switch (t.kind) {
      case Kind::Number:
        if (d_.hostile)
          out_.push_back(d_.number());
        else if (t.samples.size > 0)
          out_.push_back(t.samples[static_cast<std::size_t>(
              d_.pick(0, static_cast<int>(t.samples.size) - 1))]);
        else
          out_.push_back(d_.moderate());
        return;
      case Kind::Integer: {  // JS passes whole numbers of at most 2^31 - 1 in magnitude
        if (t.optional) out_.push_back(1);  // present (absent: the object's 0 below)
        const double v = d_.hostile && d_.flag()
                             ? static_cast<double>(d_.pick(-2147483647, 2147483647))
                             : static_cast<double>(size(t.rows));
        out_.push_back(v);
        integers_[std::string(t.key)] = v;
        return;
      }
      case Kind::Choice:  // JS sends the index of a declared choice
        out_.push_back(d_.pick(0, static_cast<int>(t.choices.size) - 1));
        return;
      case Kind::Boolean:
        out_.push_back(d_.flag() ? 1 : 0);
        return;
      case Kind::Vector: {
        if (t.optional && d_.flag()) {  // absent: length 0
          out_.push_back(0);
          return;
        }
        const Eigen::Index n = size(t.rows);
        out_.push_back(static_cast<double>(n));
        entries(t.values, 1, n);
        return;
      }
      case Kind::Matrix: {
        const Eigen::Index rows = size(t.rows), cols = size(t.cols);
        out_.push_back(static_cast<double>(rows));
        out_.push_back(static_cast<double>(cols));
        entries(t.values, rows, cols);
        return;
      }
      case Kind::Object: {  // optional fields take their default now and then, as JS fills it in
        const Eigen::Index index = index_, count = count_;
        for (const attn::api::Type* field : attn::api::flatten(t.fields)) {
          // A grouped field (Type::grouped_by) is given on the first element of each group alone
          // (hostile: anywhere or nowhere, as JS lets it be left out anywhere).
          const bool grouped = !field->grouped_by.empty();
          if (grouped && !d_.hostile) {
            const auto groups = integers_.find(std::string(field->grouped_by));
            const Eigen::Index per_group =
                groups == integers_.end() ? 1 : count / static_cast<Eigen::Index>(groups->second);
            if (index % per_group != 0) {
              out_.push_back(0);
              continue;
            }
          }
          const bool may_leave_out =
              field->optional || field->has_fallback || (grouped && d_.hostile);
          if (may_leave_out && d_.pick(0, 3) == 0) {
            out_.push_back(field->optional || grouped ? 0 : field->fallback);
            if (field->kind == Kind::Integer) integers_.erase(std::string(field->key));
          } else {
            value(*field);
          }
        }
        return;
      }
      case Kind::List: {
        const Eigen::Index n = d_.hostile ? d_.pick(1, static_cast<int>(t.max)) : size(t.rows);
        out_.push_back(static_cast<double>(n));
        for (Eigen::Index i = 0; i < n; ++i) {
          index_ = i;
          count_ = n;
          value(t.fields[0]);
        }
        return;
      }
      case Kind::Group:  // flattened away above
        return;
    }
  }

  Draw& d_;
  const attn::api::Function& f_;
  std::map<std::string, Eigen::Index> sizes_;
  std::map<std::string, double> integers_;  // whole numbers given so far, by key
  Eigen::Index index_ = 0, count_ = 1;      // the list element being packed
  std::vector<double> out_;
};

// Walks a result buffer by its declared type (as wasm/js/api.js unpacks it), checking every
// value: finite numbers, -Infinity only where declared "masked" (and never a whole row of it),
// rows of a "distribution" in [0, 1] summing to 1 (a "subdistribution": to at most 1).
class DeclaredResult {
 public:
  DeclaredResult(const char* function, const std::vector<double>& out)
      : function_(function), out_(out) {}

  void check(const attn::api::Type& t) {
    using attn::api::Kind;
    switch (t.kind) {
      case Kind::Number:
        if (t.optional && next("a flag") == 0) {
          next("an absent number");
          return;
        }
        finite(next("a number"), t.key);
        return;
      case Kind::Vector:
        rows(t, 1, count("a vector's length"));
        return;
      case Kind::Matrix: {
        if (t.optional && next("a flag") == 0) return;
        const std::size_t r = count("a matrix's rows");
        rows(t, r, count("a matrix's columns"));
        return;
      }
      case Kind::List:
        for (std::size_t n = count("a list's length"); n > 0; --n) check(t.fields[0]);
        return;
      case Kind::Object:
        for (const attn::api::Type* field : attn::api::flatten(t.fields)) check(*field);
        return;
      default:
        fail("%s: a result of kind %d", function_, static_cast<int>(t.kind));
    }
  }

  void finish() const {
    PROPERTY(pos_ == out_.size(), "%s: %zu numbers written, the declaration reads %zu", function_,
             out_.size(), pos_);
  }

 private:
  double next(const char* what) {
    PROPERTY(pos_ < out_.size(), "%s: the result ends before %s", function_, what);
    return out_[pos_++];
  }
  std::size_t count(const char* what) {
    const double v = next(what);
    PROPERTY(v >= 0 && v <= 1e7 && v == std::floor(v), "%s: %s is %g", function_, what, v);
    return static_cast<std::size_t>(v);
  }
  void finite(double v, attn::api::Text key) {
    PROPERTY(std::isfinite(v), "%s: %.*s = %g is not finite", function_,
             static_cast<int>(key.size()), key.data(), v);
  }
  void rows(const attn::api::Type& t, std::size_t n, std::size_t cols) {
    PROPERTY(cols <= out_.size() - pos_, "%s: %.*s runs past the result", function_,
             static_cast<int>(t.key.size()), t.key.data());
    for (std::size_t i = 0; i < n; ++i) {
      PROPERTY(cols <= out_.size() - pos_, "%s: %.*s runs past the result", function_,
               static_cast<int>(t.key.size()), t.key.data());
      const double* row = out_.data() + pos_;
      pos_ += cols;
      bool all_masked = cols > 0;
      double sum = 0;
      for (std::size_t j = 0; j < cols; ++j) {
        const bool masked = t.values == "masked" && row[j] == -kInf;
        all_masked = all_masked && masked;
        if (!masked) finite(row[j], t.key);
        if (t.values == "distribution" || t.values == "subdistribution")
          PROPERTY(row[j] >= 0 && row[j] <= 1, "%s: %.*s row %zu has %.17g", function_,
                   static_cast<int>(t.key.size()), t.key.data(), i + 1, row[j]);
        sum += row[j];
      }
      PROPERTY(!all_masked, "%s: %.*s row %zu is masked everywhere", function_,
               static_cast<int>(t.key.size()), t.key.data(), i + 1);
      if (t.values == "distribution")
        PROPERTY(std::abs(sum - 1.0) <= kSumTolerance, "%s: %.*s row %zu sums to %.17g", function_,
                 static_cast<int>(t.key.size()), t.key.data(), i + 1, sum);
      if (t.values == "subdistribution")
        PROPERTY(sum <= 1.0 + kSumTolerance, "%s: %.*s row %zu sums to %.17g", function_,
                 static_cast<int>(t.key.size()), t.key.data(), i + 1, sum);
    }
  }

  const char* function_;
  const std::vector<double>& out_;
  std::size_t pos_ = 0;
};

enum class Packing { valid, hostile, raw };

void fuzz_declared(Draw& d, Packing mode) {
  const auto table = attn::api::functions();
  const attn::api::Function& f =
      table[static_cast<std::size_t>(d.pick(0, static_cast<int>(table.size) - 1))];
  const std::string name(f.name);
  d.hostile = mode != Packing::valid;
  std::vector<double> args;
  if (mode == Packing::raw) {
    for (int n = d.pick(0, 64); n > 0; --n)
      args.push_back(d.flag() ? static_cast<double>(d.pick(0, 9)) : d.number());
  } else {
    args = PackedArgs(d, f).pack();
  }
  std::vector<double> out;
  std::optional<std::string> refused;
  try {
    attn::api::Reader in(f.name, f.args, args.data(), args.size());
    attn::api::Writer writer(f.name, f.result, out);
    f.run(in, writer);
    in.finish();
    writer.finish();
  } catch (const std::invalid_argument& e) {  // the engine refused a value
    refused = e.what();
  } catch (const std::logic_error& e) {  // the Reader refused a buffer JS would not write
    PROPERTY(mode == Packing::raw, "%s: %s on a buffer packed as JS packs it", name.c_str(),
             e.what());
    refused = e.what();
  } catch (const std::exception& e) {
    fail("%s threw %s: %s", name.c_str(), typeid(e).name(), e.what());
  } catch (...) {
    fail("%s threw something that is not a std::exception", name.c_str());
  }
  if (!refused) {
    DeclaredResult r(name.c_str(), out);
    r.check(f.result);
    r.finish();
    return;
  }
  require_message(name.c_str(), refused->c_str());
  PROPERTY(mode != Packing::valid, "%s refused a valid input: %s", name.c_str(), refused->c_str());
}

// ---------------------------------------------------------------- every declared model
//
// A session of any model of wasm/bindings/models.hpp, through the generic Session the bindings
// call (nothing here names a model or a method, so a newly declared one is fuzzed as it is):
// options drawn from their declarations (small sizes, so a call stays quick; hostile mode also
// any number), then steps and declared methods with arguments drawn from their parameters
// (examples, words of them, garbage text, numbers in and out of range, records field by
// field). A refusal needs a message; a result must have its declared shape with finite numbers.

bool conforms_declared(const attn::declare::Field& f, const attn::declare::Value& v) {
  using attn::declare::ValueKind;
  if (v.kind != f.kind) return false;
  for (double x : v.numbers)
    if (!std::isfinite(x)) return false;
  if (f.kind == ValueKind::Number && !std::isfinite(v.number)) return false;
  if (f.kind == ValueKind::Record) {
    if (v.keys.size() != f.fields.size()) return false;
    for (std::size_t i = 0; i < f.fields.size(); ++i)
      if (v.keys[i] != f.fields[i].key || !conforms_declared(f.fields[i], v.items[i])) return false;
  }
  if (f.kind == ValueKind::Records) {
    attn::declare::Field one = f;
    one.kind = ValueKind::Record;
    for (const auto& item : v.items)
      if (!conforms_declared(one, item)) return false;
  }
  return true;
}

std::string drawn_text(Draw& d, std::string_view example) {
  static const char* strange[] = {"", " ", "zebra", "<bos>", "<eos>", "\xff\xfe", "a\tb", "A B"};
  switch (d.pick(0, 3)) {
    case 0:
      return std::string(example);
    case 1:
      return strange[d.pick(0, sizeof strange / sizeof strange[0] - 1)];
    default: {  // words of the example, as many as 40
      std::vector<std::string> words;
      for (std::size_t i = 0, j; i < example.size(); i = j + 1) {
        j = example.find(' ', i);
        if (j == std::string_view::npos) j = example.size();
        words.emplace_back(example.substr(i, j - i));
      }
      std::string out;
      for (int k = d.pick(0, 40); k > 0; --k) out += words[d.pick(0, words.size() - 1)] + " ";
      return out;
    }
  }
}

attn::declare::Argument drawn_argument(Draw& d, const attn::declare::Param& p) {
  using attn::declare::ParamKind;
  attn::declare::Argument a = attn::declare::fallback(p);
  switch (p.kind) {
    case ParamKind::Text:
      a.text = drawn_text(d, p.example);
      break;
    case ParamKind::Tokens:
      a.text = drawn_text(d, p.example);
      if (d.flag()) {  // as an array: the text's words, or far too many
        a.list = true;
        std::size_t i = 0;
        while (i < a.text.size()) {
          const std::size_t j = std::min(a.text.find(' ', i), a.text.size());
          if (j > i) a.tokens.push_back(a.text.substr(i, j - i));
          i = j + 1;
        }
        if (d.pick(0, 15) == 0) a.tokens.assign(static_cast<std::size_t>(p.max) + 1, "a");
      }
      break;
    case ParamKind::Integer:
      a.number = d.hostile && d.flag() ? d.number()
                                       : d.pick(static_cast<int>(p.min) - 1,
                                                static_cast<int>(std::min(p.max, p.min + 40)) + 1);
      break;
    case ParamKind::Number:
      a.number =
          d.hostile && d.flag() ? d.number() : p.min + (p.max - p.min) * d.pick(0, 100) / 100.0;
      break;
    case ParamKind::Boolean:
      a.number = d.flag() ? 1 : 0;
      break;
    case ParamKind::Record:
      for (std::size_t i = 0; i < p.fields.size(); ++i)
        if (d.flag()) a.fields[i] = drawn_argument(d, p.fields[i]);
      break;
  }
  return a;
}

void fuzz_declared_model(Draw& d) {
  using namespace attn::declare;
  const auto& list = attn::api::models();
  const ModelInfo& m = list[static_cast<std::size_t>(d.pick(0, static_cast<int>(list.size()) - 1))];
  std::vector<std::pair<std::string, OptionValue>> given;
  for (const OptionSpec& o : m.options) {
    if (!d.flag()) continue;
    switch (o.kind) {
      case OptionKind::Boolean:
        given.emplace_back(std::string(o.key), d.flag());
        break;
      case OptionKind::Choice:
        given.emplace_back(std::string(o.key),
                           std::string(o.choices[d.pick(0, o.choices.size() - 1)]));
        break;
      case OptionKind::Integer:  // the smallest sizes, and one past
        given.emplace_back(std::string(o.key), d.hostile && d.flag()
                                                   ? d.number()
                                                   : o.min + d.pick(0, 3) - (d.hostile ? 1 : 0));
        break;
      default:
        given.emplace_back(
            std::string(o.key),
            d.hostile && d.flag()
                ? d.number()
                : o.min + (o.kind == OptionKind::Seed ? d.pick(0, 9) : 0.01 * d.pick(1, 100)));
    }
  }
  std::unique_ptr<Session> session;
  const std::string create = "create" + std::string(m.name);
  if (attempt(create.c_str(), true, [&] { session = m.create(given); }) == Outcome::refused) return;
  for (int k = d.pick(1, 4); k > 0; --k) {
    if (d.pick(0, 3) == 0) {
      const int n = d.pick(d.hostile ? 0 : 1, 2);
      // A large drawn learning rate may diverge (std::runtime_error): refused, as documented.
      attempt((std::string(m.name) + ".step").c_str(), true,
              [&] {
                const StepReport r = session->step(n);
                PROPERTY(std::isfinite(r.loss) && r.accuracy >= 0 && r.accuracy <= 1,
                         "%s.step: loss %g", std::string(m.name).c_str(), r.loss);
              },
              true);
      continue;
    }
    const std::size_t i =
        static_cast<std::size_t>(d.pick(0, static_cast<int>(m.methods.size()) - 1));
    const ModelInfo::MethodInfo& method = m.methods[i];
    Arguments args;
    for (const Param& p : method.params) args.push_back(drawn_argument(d, p));
    const std::string name = std::string(m.name) + "." + std::string(method.name);
    Value v;
    if (attempt(name.c_str(), true, [&] { v = session->call(i, args); }) == Outcome::ok)
      PROPERTY(conforms_declared(method.result, v), "%s: a result unlike its declaration",
               name.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Draw d(data, size);
  using Target = void (*)(Draw&);
  static const Target engine[] = {fuzz_softmax,    fuzz_softmax_rows, fuzz_similarity,
                                  fuzz_linear,     fuzz_feed_forward, fuzz_self_attention,
                                  fuzz_multi_head, fuzz_layer_norm,   fuzz_positional_encoding,
                                  fuzz_trainer};
  static const Target translate[] = {fuzz_grammar, fuzz_lexicon, fuzz_translator};
  constexpr int kEngine = sizeof engine / sizeof engine[0];
  constexpr int kTranslate = sizeof translate / sizeof translate[0];
  // One byte picks the target and the mode. Below 200 it means what it meant before the
  // translator's targets came (byte % 20), so the committed seeds still replay what they did;
  // 200..249 pick a translator target ((byte - 200) % 6, as before the declared functions
  // came: the seeds that ended in 250..255 were rewritten to end 6 lower); 250..252 the
  // declared functions, valid, hostile or raw; 253..255 (no committed seed ended there) a
  // declared model's session, valid (253) or hostile.
  const int choice = d.pick(0, 255);
  if (choice < 200) {
    d.hostile = choice % (2 * kEngine) >= kEngine;
    engine[choice % kEngine](d);
  } else if (choice < 250) {
    d.hostile = (choice - 200) % (2 * kTranslate) >= kTranslate;
    translate[(choice - 200) % kTranslate](d);
  } else if (choice < 253) {
    fuzz_declared(d, static_cast<Packing>(choice - 250));
  } else {
    d.hostile = choice > 253;
    fuzz_declared_model(d);
  }
  return 0;
}
