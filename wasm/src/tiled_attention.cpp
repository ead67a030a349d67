#include "attn/tiled_attention.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

#include "attn/validate.hpp"

namespace attn {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// How many numbers the call holds: K and V (as columns), the running output and the context
// it becomes, m and l, one query block and one tile row; a trace adds, per tile, its four
// bounds and m, l and O of its query block's rows.
double tiled_numbers(Eigen::Index n, Eigen::Index dk, Eigen::Index dv, Eigen::Index block,
                     bool causal, bool trace) {
  double numbers = static_cast<double>(n * (dk + 3 * dv + 2) + block * (dk + 1));
  if (!trace) return numbers;
  for (Eigen::Index i0 = 0; i0 < n; i0 += block) {
    const Eigen::Index rows = std::min(n, i0 + block) - i0;
    const Eigen::Index tiles = causal ? i0 / block + 1 : (n + block - 1) / block;
    numbers += static_cast<double>(tiles * (4 + rows * (2 + dv)));
  }
  return numbers;
}

// M^T, out of line: each copy inlined made the page's engine.wasm larger (four of them here).
[[gnu::noinline]] Eigen::MatrixXd transposed(const Eigen::MatrixXd& M) { return M.transpose(); }

// Rows [i0, i1) of m, l and O after a tile (the trace's copies).
[[gnu::noinline]] TileTrace tile_trace(Eigen::Index i0, Eigen::Index i1, Eigen::Index j0,
                                       Eigen::Index j1, const Eigen::VectorXd& m,
                                       const Eigen::VectorXd& l, const Eigen::MatrixXd& Ot) {
  TileTrace t;
  t.query_start = i0;
  t.query_end = i1;
  t.key_start = j0;
  t.key_end = j1;
  t.max = m.segment(i0, i1 - i0);
  t.sum = l.segment(i0, i1 - i0);
  t.output = transposed(Ot.middleCols(i0, i1 - i0));
  return t;
}

// Messages through snprintf: std::string's code inlined at -O3 cost the page's engine.wasm
// more than the arithmetic here.
[[noreturn]] void refuse(const char* format, long long a, long long b = 0) {
  char text[160];
  std::snprintf(text, sizeof text, format, a, b);
  throw std::invalid_argument(text);
}

}  // namespace

TiledAttention attention_tiled(const Eigen::MatrixXd& X, const AttentionWeights& w,
                               const AttentionOptions& options, int block_size, bool trace) {
  require_attention_inputs(X, w, options);
  const Eigen::Index n = X.rows();
  if (block_size < 1 || block_size > n)
    refuse("blockSize must be a whole number from 1 to %lld (the tokens in X), got %lld", n,
           block_size);
  if (trace && n > kMaxTracedTokens)
    refuse(
        "trace is kept for at most %lld tokens, but X has %lld; leave trace off for longer "
        "inputs",
        kMaxTracedTokens, n);
  const Eigen::Index B = block_size, dk = w.Wq.cols(), dv = w.Wv.cols();
  require_numbers(tiled_numbers(n, dk, dv, B, options.causal, trace),
                  "tiled attention over " + count(n, "token", "tokens"));

  // Tokens as columns, so each key, value and running output is contiguous.
  Eigen::MatrixXd Kt = transposed(attention_keys(X, w, options));
  Eigen::MatrixXd Vt = transposed(attention_values(X, w));
  const bool plus_one = options.softmax == SoftmaxKind::PlusOne;
  // plusOne is a softmax with one more key of score 0 and value 0: it starts every row as if
  // that key were the first tile (m = 0, l = e^0 = 1, O = 0).
  Eigen::VectorXd m = Eigen::VectorXd::Constant(n, plus_one ? 0.0 : -kInfinity);
  Eigen::VectorXd l = Eigen::VectorXd::Constant(n, plus_one ? 1.0 : 0.0);
  Eigen::MatrixXd Ot = Eigen::MatrixXd::Zero(dv, n);
  // One query's scores against one key block, then their e^{s - m}.
  std::vector<double> s(static_cast<std::size_t>(B));
  const double root = std::sqrt(static_cast<double>(dk));

  TiledAttention result;
  std::size_t tile = 0;
  if (trace) {
    // Sized once, so recording a tile is a copy, not a move of every tile before it.
    for (Eigen::Index i0 = 0; i0 < n; i0 += B)
      tile += static_cast<std::size_t>(options.causal ? i0 / B + 1 : (n + B - 1) / B);
    result.tiles.resize(tile);
    tile = 0;
  }
  for (Eigen::Index i0 = 0; i0 < n; i0 += B) {
    const Eigen::Index i1 = std::min(n, i0 + B);
    const Eigen::MatrixXd Qt =
        transposed(attention_queries(X.middleRows(i0, i1 - i0), w, options, i0));
    for (Eigen::Index j0 = 0; j0 < n; j0 += B) {
      if (options.causal && j0 >= i1) break;  // every key from here on is in every row's future
      const Eigen::Index j1 = std::min(n, j0 + B);
      for (Eigen::Index i = i0; i < i1; ++i) {
        // Plain loops over contiguous columns: Eigen's expressions here made engine.wasm 2 KB
        // gzip larger for no speed the tests could see.
        const double* q = Qt.data() + (i - i0) * dk;
        double tile_max = -kInfinity;
        for (Eigen::Index j = j0; j < j1; ++j) {
          if (options.causal && j > i) {
            s[j - j0] = -kInfinity;
            continue;
          }
          // As self_attention: q . k, then / sqrt(d_k), then / T, each checked as there.
          const double* k = Kt.data() + j * dk;
          double x = 0;
          for (Eigen::Index p = 0; p < dk; ++p) x += q[p] * k[p];
          if (options.scale) x /= root;
          if (!std::isfinite(x))
            throw std::invalid_argument(
                "the scores Q K^T overflowed (a result is too large to represent); use smaller "
                "numbers");
          const double scaled = x / options.temperature;
          if (!std::isfinite(scaled))
            refuse(
                "scores row %lld / temperature overflowed (a result is too large to "
                "represent); use a larger temperature or smaller scores",
                i + 1);
          s[j - j0] = scaled;
          tile_max = std::max(tile_max, scaled);
        }
        if (tile_max == -kInfinity) continue;  // the whole tile is in this row's future
        // The online softmax: a new max rescales what was summed so far by e^{m - m_new}.
        const double m_new = std::max(m[i], tile_max);
        const double carried = std::exp(m[i] - m_new) * l[i];  // 0 before the row's first key
        double added = 0;
        for (Eigen::Index j = 0; j < j1 - j0; ++j) {
          s[j] = std::exp(s[j] - m_new);  // std::exp, as softmax_rows (exactly 0 where masked)
          added += s[j];
        }
        const double l_new = carried + added;
        double* o = Ot.data() + i * dv;
        const double keep = carried / l_new;
        for (Eigen::Index c = 0; c < dv; ++c) o[c] *= keep;
        for (Eigen::Index j = j0; j < j1; ++j) {
          const double b = s[j - j0] / l_new;
          if (b == 0) continue;
          const double* v = Vt.data() + j * dv;
          for (Eigen::Index c = 0; c < dv; ++c) o[c] += b * v[c];
        }
        m[i] = m_new;
        l[i] = l_new;
      }
      if (trace) result.tiles[tile++] = tile_trace(i0, i1, j0, j1, m, l, Ot);
    }
  }
  // K and V go before the context is copied out, so at most three n-row matrices are ever held.
  Kt.resize(0, 0);
  Vt.resize(0, 0);
  result.context = transposed(Ot);
  return result;
}

}  // namespace attn
