// The engine's hot paths timed from inside C++, as JSON on stdout. The same
// file builds natively (tests/bench/CMakeLists.txt) and to wasm, plain and
// SIMD (wasm/wasm.cmake, target engine_bench), so `npm run bench`
// (tests/bench/run.mjs) compares the three with no JS in the timed loop.
//   engine_bench [budget_ms]   budget per measurement (default 300)
//   engine_bench repeat WHAT N one item (attention8, attention64, attention256, gemm64,
//                              train) N times, untimed: for `perf stat -e instructions`,
//                              which compares two builds on a busy machine where clocks can't
//
// Each measurement: a warm-up, then repeats sized so one sample takes ~1/9 of
// the budget, 9 samples, the median per call. Medians, because the machine is
// shared and a disturbed sample is slow, never fast.
#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "attn/attention.hpp"
#include "attn/matmul.hpp"
#include "attn/train/trainer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Median seconds per call of fn.
double median_per_call(const std::function<void()>& fn, double budget_seconds) {
  constexpr int kSamples = 9;
  fn();  // warm-up: first allocations, caches
  long reps = 1;
  for (;;) {
    const auto start = Clock::now();
    for (long r = 0; r < reps; ++r) fn();
    const double t = seconds_since(start);
    if (t >= budget_seconds / kSamples / 4 || reps > (1L << 26)) {
      reps =
          std::max(1L, static_cast<long>(reps * (budget_seconds / kSamples) / std::max(t, 1e-9)));
      break;
    }
    reps *= 4;
  }
  std::vector<double> per_call;
  for (int s = 0; s < kSamples; ++s) {
    const auto start = Clock::now();
    for (long r = 0; r < reps; ++r) fn();
    per_call.push_back(seconds_since(start) / reps);
  }
  std::nth_element(per_call.begin(), per_call.begin() + kSamples / 2, per_call.end());
  return per_call[kSamples / 2];
}

// Deterministic inputs in [-1, 1): the timing must not depend on a random device.
Eigen::MatrixXd filled(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  Eigen::MatrixXd M(rows, cols);
  unsigned s = seed;
  for (Eigen::Index i = 0; i < M.size(); ++i) {
    s = s * 1664525u + 1013904223u;
    M.data()[i] = (s >> 8) / double(1 << 24) * 2.0 - 1.0;
  }
  return M;
}

volatile double sink;  // keeps results alive so no timed work is optimised away

// The timed workloads, by name; each call runs one unit of work.
struct Workloads {
  Eigen::MatrixXd X[3];
  attn::AttentionWeights w[3];
  Eigen::MatrixXd A = filled(64, 64, 5), B = filled(64, 64, 6);
  attn::train::Trainer trainer;

  Workloads() {
    const int sizes[][2] = {{8, 16}, {64, 64}, {256, 64}};
    for (int k = 0; k < 3; ++k) {
      const int n = sizes[k][0], d = sizes[k][1];
      X[k] = filled(n, d, 1);
      w[k].Wq = filled(d, d, 2) / std::sqrt(double(d));
      w[k].Wk = filled(d, d, 3) / std::sqrt(double(d));
      w[k].Wv = filled(d, d, 4) / std::sqrt(double(d));
    }
  }
  void attention(int k) { sink = attn::self_attention(X[k], w[k]).output->coeff(0, 0); }
  void gemm() { sink = attn::matmul(A, B)(0, 0); }
  void train() { sink = trainer.step(1).loss; }
};

int repeat(const std::string& what, long n) {
  Workloads w;
  std::function<void()> fn;
  if (what == "attention8")
    fn = [&] { w.attention(0); };
  else if (what == "attention64")
    fn = [&] { w.attention(1); };
  else if (what == "attention256")
    fn = [&] { w.attention(2); };
  else if (what == "gemm64")
    fn = [&] { w.gemm(); };
  else if (what == "train")
    fn = [&] { w.train(); };
  else {
    std::fprintf(stderr, "unknown workload %s\n", what.c_str());
    return 2;
  }
  for (long r = 0; r < n; ++r) fn();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "repeat") return repeat(argv[2], std::atol(argv[3]));
  const double budget = (argc >= 2 ? std::atof(argv[1]) : 300.0) / 1000.0;
  std::printf("{\n  \"eigenSimd\": \"%s\",\n", Eigen::SimdInstructionSetsInUse());

  Workloads w;  // the lessons' attention head: X n x d, W_Q, W_K, W_V d x d, no biases, scaled
  const int sizes[][2] = {{8, 16}, {64, 64}, {256, 64}};
  std::printf("  \"attention\": [\n");
  for (int k = 0; k < 3; ++k) {
    const double s = median_per_call([&] { w.attention(k); }, budget);
    std::printf("    {\"tokens\": %d, \"width\": %d, \"us\": %.4f}%s\n", sizes[k][0], sizes[k][1],
                s * 1e6, k < 2 ? "," : "");
  }
  std::printf("  ],\n");

  // A bare 64 x 64 product (attn::matmul, the kernel under everything above).
  const double g = median_per_call([&] { w.gemm(); }, budget);
  std::printf("  \"gemm64\": {\"us\": %.4f, \"gflops\": %.3f},\n", g * 1e6,
              2.0 * 64 * 64 * 64 / g / 1e9);

  // One step of the training demo's default model (batch of sentences, Adam).
  const auto& c = w.trainer.config();
  const double t = median_per_call([&] { w.train(); }, budget);
  std::printf(
      "  \"trainStep\": {\"us\": %.4f, \"task\": \"%s\", \"width\": %d, \"heads\": %d, "
      "\"batch\": %d, \"optimizer\": \"%s\"}\n",
      t * 1e6, c.task.c_str(), c.width, c.heads, c.batch, c.optimizer.c_str());
  std::printf("}\n");
  return 0;
}
