// Peak heap memory of the tiled and the plain attention path at n = 1,024, counted from malloc
// itself: this executable replaces malloc, free, calloc, realloc and the aligned forms with
// glibc's own (__libc_*) plus a count of the bytes in use (malloc_usable_size), so every
// allocation of the engine, Eigen's matrices included (they come from malloc, not operator
// new), is seen. Its own executable, so the other tests run on the plain allocator; natively
// only (glibc, and never under AddressSanitizer, whose malloc this would replace).
#include <malloc.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdio>
#include <random>

#include "attn/attention.hpp"
#include "attn/tiled_attention.hpp"
#include "helpers.hpp"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

std::size_t in_use = 0, peak = 0;

void counted(void* p) {
  if (p == nullptr) return;
  in_use += malloc_usable_size(p);
  peak = std::max(peak, in_use);
}

void uncounted(void* p) {
  if (p != nullptr) in_use -= std::min(in_use, malloc_usable_size(p));
}

// Bytes in use at most, beyond those in use when it started, while f runs.
template <typename F>
std::size_t peak_extra_bytes(F&& f) {
  const std::size_t start = in_use;
  peak = in_use;
  f();
  return peak - start;
}

}  // namespace

extern "C" {
void* malloc(std::size_t n) {
  void* p = __libc_malloc(n);
  counted(p);
  return p;
}
void* calloc(std::size_t n, std::size_t size) {
  void* p = __libc_calloc(n, size);
  counted(p);
  return p;
}
void* realloc(void* old, std::size_t n) {
  const std::size_t before = old ? malloc_usable_size(old) : 0;
  void* p = __libc_realloc(old, n);
  if (p == nullptr && n > 0) return p;  // failed: the old block stays
  in_use -= std::min(in_use, before);
  counted(p);
  return p;
}
void free(void* p) {
  uncounted(p);
  __libc_free(p);
}
void* memalign(std::size_t alignment, std::size_t n) {
  void* p = __libc_memalign(alignment, n);
  counted(p);
  return p;
}
void* aligned_alloc(std::size_t alignment, std::size_t n) { return memalign(alignment, n); }
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  void* p = memalign(alignment, n);
  if (p == nullptr) return 12;  // ENOMEM
  *out = p;
  return 0;
}
}

TEST_CASE("the counting allocator sees Eigen's matrices") {
  // A 100 x 100 matrix of doubles is 80,000 bytes (malloc rounds up by at most a few dozen).
  const std::size_t bytes =
      peak_extra_bytes([] { Eigen::MatrixXd m = Eigen::MatrixXd::Ones(100, 100); });
  CHECK(bytes >= 80000);
  CHECK(bytes < 80200);
}

TEST_CASE("at n = 1,024 the tiled path's peak memory is under an eighth of the plain path's") {
  // One head (d = d_k = d_v), blocks of 64 tokens, causal and not, at widths 16 and 64 (GPT-2's
  // head width). At width 64 the plain path holds Q, K, V (n x 64 each), the n x n scores and
  // weights, the context and the output: 2 n^2 + 5 n 64 doubles = 19,398,656 bytes (more while
  // its products' results are made). The tiled path holds at most three n x 64 matrices at once
  // (K and V as columns and the running output, or the running output and the context it
  // becomes), m and l, and one block of queries with its slice of X and one tile row:
  // 3 n 64 + 2 n + 64 (64 + 64 + 64 + 1) doubles = 1,688,064 bytes. The tiled path's n x d
  // matrices are what any exact attention over projected keys and values holds, so the ratio
  // shrinks as the width grows: measured 1/7.2 at width 128 and 1/4.0 at 256 (docs/api.md).
  std::mt19937 rng(64);
  const Eigen::Index n = 1024;
  // Causal at width 64 only: the mask skips tiles but changes what neither path holds.
  for (const auto& [d, causal] :
       {std::pair<Eigen::Index, bool>{16, false}, {64, false}, {64, true}}) {
    const Eigen::MatrixXd X = random_matrix(rng, n, d, 1.0);
    const attn::AttentionWeights w{random_matrix(rng, d, d, 0.2),
                                   random_matrix(rng, d, d, 0.2),
                                   random_matrix(rng, d, d, 0.2),
                                   std::nullopt,
                                   std::nullopt,
                                   std::nullopt};
    attn::AttentionOptions o;
    o.causal = causal;
    const std::size_t plain = peak_extra_bytes([&] { attn::self_attention(X, w, o); });
    const std::size_t tiled = peak_extra_bytes([&] { attn::attention_tiled(X, w, o, 64); });
    // What docs/api.md quotes: build/native/tests/native/memory_tests prints it.
    std::printf(
        "n = 1,024, width %lld, blocks of 64, causal %d: plain %zu bytes, tiled %zu "
        "bytes (1/%.1f)\n",
        static_cast<long long>(d), causal ? 1 : 0, plain, tiled,
        static_cast<double>(plain) / static_cast<double>(tiled));
    INFO("width " << d << ", causal " << causal << ": plain " << plain << " bytes, tiled " << tiled
                  << " bytes");
    CHECK(plain >= static_cast<std::size_t>(2 * n * n * 8));  // the scores and weights at least
    CHECK(tiled * 8 <= plain);
    if (d == 64) CHECK(tiled < 1688064 + 4096);  // the count above, and malloc's own few bytes
  }
}
