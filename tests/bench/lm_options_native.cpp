// The language model's options measured natively (issue 21; docs/experiments.md, "Positions,
// shared keys and values, attention sinks"): trains one model from key=value options and prints
// JSON lines, one per evaluation, then a summary line.
//
//   lm_options_native [key=value ...]
//     any LanguageModel option by its C++ name (seed, layers, heads, width, lr, batch, positions,
//     rope_base, kv_heads, softmax, bos, length, attention_only, layer_norm), and
//     steps=N       the most steps to train (default 3000)
//     every=N       steps between evaluations (default 100)
//     target=X      stop once copy accuracy >= X (default 2: never; the sinks take 0.95)
//     at=L1,L2,...  lengths evaluate_at reports in the summary (default: none)
//
// Each evaluation line: step, seconds of training so far (step() calls only; wall clock and the
// process's CPU time, which a loaded machine inflates less), the training loss
// of the last step() call (for tests/node/language-model.test.mjs, which trains the same in
// wasm), held-out copy accuracy and loss, and copy accuracy at each length of `at`. The summary
// adds the best induction head (highest prefix matching, any layer) with its sink scores
// (sink_scores(): weight on the first token and total weight at the positions whose token is new),
// the same two at every position outside the repeat (the looser reading), copy accuracy at each
// length asked for, and the KV cache's numbers for a 32-token prompt.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/lm/kv_cache.hpp"
#include "attn/lm/language_model.hpp"

namespace {

using attn::lm::LanguageModel;
using attn::lm::LanguageModelConfig;

struct Run {
  LanguageModelConfig config;
  int steps = 3000, every = 100;
  double target = 2.0;
  std::vector<int> at;
};

Run parse(int argc, char** argv) {
  Run r;
  LanguageModelConfig& c = r.config;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("expected key=value, got " + arg);
    const std::string k = arg.substr(0, eq), v = arg.substr(eq + 1);
    if (k == "seed")
      c.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (k == "task")
      c.task = v;
    else if (k == "layers")
      c.layers = std::atoi(v.c_str());
    else if (k == "heads")
      c.heads = std::atoi(v.c_str());
    else if (k == "width")
      c.width = std::atoi(v.c_str());
    else if (k == "lr")
      c.lr = std::atof(v.c_str());
    else if (k == "batch")
      c.batch = std::atoi(v.c_str());
    else if (k == "positions")
      c.positions = v;
    else if (k == "rope_base")
      c.rope_base = std::atof(v.c_str());
    else if (k == "kv_heads")
      c.kv_heads = std::atoi(v.c_str());
    else if (k == "softmax")
      c.softmax = v;
    else if (k == "bos")
      c.bos = v != "0" && v != "false";
    else if (k == "length")
      c.length = std::atoi(v.c_str());
    else if (k == "attention_only")
      c.attention_only = v != "0" && v != "false";
    else if (k == "layer_norm")
      c.layer_norm = v != "0" && v != "false";
    else if (k == "steps")
      r.steps = std::atoi(v.c_str());
    else if (k == "every")
      r.every = std::atoi(v.c_str());
    else if (k == "target")
      r.target = std::atof(v.c_str());
    else if (k == "at") {
      for (std::size_t p = 0; p < v.size();) {
        const std::size_t q = std::min(v.find(',', p), v.size());
        r.at.push_back(std::atoi(v.substr(p, q - p).c_str()));
        p = q + 1;
      }
    } else
      throw std::invalid_argument("unknown key " + k);
  }
  return r;
}

// Sink scores at every position after the first that is outside the repeat (the issue's
// reading: "the positions with nothing to copy"), through attention(): [l][h] weight on the first
// token and total weight.
void outside_repeat(const LanguageModel& m, std::vector<double>& first,
                    std::vector<double>& total) {
  const int L = m.shape().layers, H = m.shape().heads;
  first.assign(static_cast<std::size_t>(L * H), 0.0);
  total.assign(first.size(), 0.0);
  double count = 0.0;
  for (const auto& s : m.task().held_out()) {
    const auto maps = m.attention(s.tokens);
    const std::size_t n = s.tokens.size();
    for (std::size_t i = 1; i < n; ++i) {
      if (s.repeated[i]) continue;
      count += 1.0;
      for (std::size_t k = 0; k < first.size(); ++k) {
        const double* row = maps.weights.data() + (k * n + i) * n;
        first[k] += row[0];
        for (std::size_t j = 0; j <= i; ++j) total[k] += row[j];
      }
    }
  }
  for (std::size_t k = 0; k < first.size(); ++k) {
    first[k] /= count;
    total[k] /= count;
  }
}

}  // namespace

int main(int argc, char** argv) {
  Run run;
  try {
    run = parse(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  LanguageModel m(run.config);
  double seconds = 0.0, cpu = 0.0;
  attn::lm::LmEvaluation e;
  while (m.steps() < run.steps) {
    const int n = static_cast<int>(std::min<long long>(run.every, run.steps - m.steps()));
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    const double train_loss = m.step(n).loss;
    cpu += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    e = m.evaluate();
    std::printf(
        "{\"step\":%lld,\"seconds\":%.3f,\"cpuSeconds\":%.3f,\"trainLoss\":%.15g,\"copy\":%.4f,"
        "\"loss\":%.4f,\"at\":{",
        m.steps(), seconds, cpu, train_loss, e.copy_accuracy, e.loss);
    for (std::size_t i = 0; i < run.at.size(); ++i)
      std::printf("%s\"%d\":%.4f", i ? "," : "", run.at[i], m.evaluate_at(run.at[i]).copy_accuracy);
    std::printf("}}\n");
    std::fflush(stdout);
    if (e.copy_accuracy >= run.target) break;
  }
  const auto h = m.head_scores();
  const auto sinks = m.sink_scores();
  std::vector<double> first, total;
  outside_repeat(m, first, total);
  std::size_t bl = 0, bh = 0;
  for (std::size_t l = 0; l < h.prefix_matching.size(); ++l)
    for (std::size_t k = 0; k < h.prefix_matching[l].size(); ++k)
      if (h.prefix_matching[l][k] > h.prefix_matching[bl][bh]) bl = l, bh = k;
  // The last layer's head whose ablation costs copying most: the induction head by what it does,
  // which also finds one whose weight lands a fixed offset past the earlier occurrence (prefix
  // matching misses it; seen with plusOne).
  const int last = m.shape().layers - 1;
  std::size_t ah = 0;
  double worst = 2.0;
  for (int k = 0; k < m.shape().heads; ++k) {
    m.ablate(last, k);
    const double copy = m.evaluate().copy_accuracy;
    m.restore();
    if (copy < worst) worst = copy, ah = static_cast<std::size_t>(k);
  }
  const std::size_t H = h.prefix_matching[0].size(), at = bl * H + bh,
                    aat = static_cast<std::size_t>(last) * H + ah;
  std::printf(
      "{\"summary\":true,\"step\":%lld,\"seconds\":%.3f,\"cpuSeconds\":%.3f,\"copy\":%.4f,"
      "\"loss\":%.4f,"
      "\"head\":[%zu,%zu],\"prefix\":%.4f,\"sinkFirst\":%.4f,\"sinkTotal\":%.4f,"
      "\"outsideFirst\":%.4f,\"outsideTotal\":%.4f,\"ablationHead\":[%d,%zu],"
      "\"ablatedCopy\":%.4f,\"ablationSinkFirst\":%.4f,\"ablationSinkTotal\":%.4f,"
      "\"ablationOutsideFirst\":%.4f,\"ablationOutsideTotal\":%.4f,\"prefixAll\":[",
      m.steps(), seconds, cpu, e.copy_accuracy, e.loss, bl, bh, h.prefix_matching[bl][bh],
      sinks.first_token[bl][bh], sinks.total[bl][bh], first[at], total[at], last, ah, worst,
      sinks.first_token[static_cast<std::size_t>(last)][ah],
      sinks.total[static_cast<std::size_t>(last)][ah], first[aat], total[aat]);
  for (std::size_t l = 0; l < h.prefix_matching.size(); ++l)
    for (std::size_t k = 0; k < h.prefix_matching[l].size(); ++k)
      std::printf("%s%.3f", l + k ? "," : "", h.prefix_matching[l][k]);
  std::printf("],\"at\":{");
  for (std::size_t i = 0; i < run.at.size(); ++i)
    std::printf("%s\"%d\":%.4f", i ? "," : "", run.at[i], m.evaluate_at(run.at[i]).copy_accuracy);
  // The KV cache after 32 tokens (numbers held; 8 bytes each).
  attn::lm::KvCache cache(m.shape());
  for (int t = 0; t < 32 && t < m.shape().max_length; ++t)
    cache.push(m.params(), t == 0 && m.config().bos ? 0 : 1 + t % 26, m.ablation());
  std::printf("},\"cacheEntries32\":%lld}\n", static_cast<long long>(cache.entries()));
  return 0;
}
