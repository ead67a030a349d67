// The engine's count of the bytes malloc has handed out, and the most in use at once: this
// module replaces malloc, free and their relatives (Emscripten's dlmalloc defines them weak and
// keeps the originals as emscripten_builtin_*, so that a program may), adding each block's
// usable size on the way out and taking it off on the way back. Eigen's matrices, the trace's
// vectors and everything else the engine allocates are seen; the buffers that carry arguments
// and results to and from JS are not (buffer.hpp). JS reads it through attn.measurePeak
// (wasm/js/api.js): the lesson on tiled attention measures both attention paths with it.
// mallinfo (attn_allocated_bytes) still answers from dlmalloc itself, buffers included.
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

extern "C" {
void* emscripten_builtin_malloc(std::size_t size);
void emscripten_builtin_free(void* ptr);
void* emscripten_builtin_memalign(std::size_t alignment, std::size_t size);
}

namespace {

// Plain integers, zero before any constructor runs (malloc is called during start-up).
std::size_t in_use = 0, peak = 0;

void* counted(void* p) {
  if (p != nullptr) {
    in_use += malloc_usable_size(p);
    peak = std::max(peak, in_use);
  }
  return p;
}

void uncount(void* p) {
  if (p != nullptr) in_use -= std::min(in_use, malloc_usable_size(p));
}

}  // namespace

extern "C" {

void* malloc(std::size_t size) { return counted(emscripten_builtin_malloc(size)); }

void free(void* p) {
  uncount(p);
  emscripten_builtin_free(p);
}

void* calloc(std::size_t count, std::size_t size) {
  if (size != 0 && count > static_cast<std::size_t>(-1) / size) return nullptr;
  void* p = malloc(count * size);
  if (p != nullptr) std::memset(p, 0, count * size);
  return p;
}

// A block that is already large enough is kept (as dlmalloc's own realloc may); otherwise a new
// one, the contents copied: both counted as any other.
void* realloc(void* old, std::size_t size) {
  if (old == nullptr) return malloc(size);
  const std::size_t have = malloc_usable_size(old);
  if (size <= have && size > 0) return old;
  void* p = malloc(size);
  if (p == nullptr) return nullptr;  // the old block stays, as realloc promises
  std::memcpy(p, old, std::min(have, size));
  free(old);
  return p;
}

void* memalign(std::size_t alignment, std::size_t size) {
  return counted(emscripten_builtin_memalign(alignment, size));
}

void* aligned_alloc(std::size_t alignment, std::size_t size) { return memalign(alignment, size); }

int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return 22;  // EINVAL
  void* p = memalign(alignment, size);
  if (p == nullptr) return 12;  // ENOMEM
  *out = p;
  return 0;
}

// Bytes in use now, by this count; from here the peak starts again at that figure.
EMSCRIPTEN_KEEPALIVE double attn_heap_peak_reset() {
  peak = in_use;
  return static_cast<double>(in_use);
}

// The most bytes in use at once since the last reset.
EMSCRIPTEN_KEEPALIVE double attn_heap_peak() { return static_cast<double>(peak); }
}
