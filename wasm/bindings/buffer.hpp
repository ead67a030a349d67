// The two buffers that carry a call's arguments and results between JS and C++ (engine.cpp).
// In wasm their memory comes from the allocator underneath the engine's count of bytes in use
// (heap_count.cpp), so the peak a call is measured at is the engine's own work (the matrices
// it reads, computes and keeps), never the copies that carry them across; natively they are
// plain vectors. No Emscripten include, so the native tests build the same Writer.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

#ifdef __EMSCRIPTEN__
extern "C" void* emscripten_builtin_malloc(std::size_t size);
extern "C" void emscripten_builtin_free(void* ptr);
#endif

namespace attn::api {

#ifdef __EMSCRIPTEN__
// A std::allocator that bypasses the counting malloc (Emscripten's documented way to replace
// malloc keeps the original reachable as emscripten_builtin_malloc).
template <typename T>
struct UncountedAllocator {
  using value_type = T;
  UncountedAllocator() = default;
  template <typename U>
  UncountedAllocator(const UncountedAllocator<U>&) {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    void* p = emscripten_builtin_malloc(n * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { emscripten_builtin_free(p); }
  template <typename U>
  bool operator==(const UncountedAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const UncountedAllocator<U>&) const {
    return false;
  }
};
using Buffer = std::vector<double, UncountedAllocator<double>>;
#else
using Buffer = std::vector<double>;
#endif

}  // namespace attn::api
