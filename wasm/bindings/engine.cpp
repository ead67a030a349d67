// The engine's functions (functions.hpp) as plain exported C functions: JS packs a call's
// arguments into one buffer of doubles, runs it by the function's index and unpacks one
// buffer of results (wasm/js/api.js). No embind on this path: an 8 x 16 selfAttention
// through embind's objects cost several times its arithmetic. No math here.
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <new>
#include <string>
#include <vector>

#include "functions.hpp"

namespace {

attn::api::Buffer input, output;
std::string error;

// The buffers keep their size between calls (no allocation per call), up to this size;
// one large call's memory is given back so that the heap between calls stays small.
constexpr std::size_t kKeptNumbers = 1 << 17;  // 1 MB

void trim(attn::api::Buffer& buffer) {
  if (buffer.capacity() > kKeptNumbers) attn::api::Buffer().swap(buffer);
}

}  // namespace

extern "C" {

// The declarations and size limits as JSON (read once by JS at load).
EMSCRIPTEN_KEEPALIVE const char* attn_functions() {
  static const std::string json = attn::api::functions_json();
  return json.c_str();
}

// Room for a call's packed arguments; JS writes them there, then calls attn_call. The
// previous call's output is released first if it was large.
EMSCRIPTEN_KEEPALIVE double* attn_input(int numbers) {
  trim(output);
  if (numbers < 0 || numbers > attn::kMaxNumbers) return nullptr;
  try {
    input.resize(static_cast<std::size_t>(numbers));
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  return input.data();
}

// Runs function `index` on the packed input: 0 and the results at attn_output(), or 1 and
// a message at attn_error(). Catching here means every C++ destructor has run, so nothing
// leaks on the error path and the module keeps working.
EMSCRIPTEN_KEEPALIVE int attn_call(int index) {
  output.clear();
  const auto table = attn::api::functions();
  try {
    if (index < 0 || static_cast<std::size_t>(index) >= table.size)
      throw std::logic_error("internal error: no engine function " + std::to_string(index));
    const attn::api::Function& f = table[index];
    // A large input is given back once read, before the call computes (trim keeps small ones).
    attn::api::Reader in(f.name, f.args, input.data(), input.size(), [] { trim(input); });
    attn::api::Writer out(f.name, f.result, output);
    f.run(in, out);
    in.finish();
    out.finish();
    trim(input);
    return 0;
  } catch (const std::bad_alloc&) {
    error = "out of memory: the input is too large for this page";
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unexpected error in the attention engine";
  }
  trim(input);
  output.clear();
  trim(output);
  return 1;
}

EMSCRIPTEN_KEEPALIVE const double* attn_output() { return output.data(); }

// JS has copied the results out: a large output is given back now rather than at the next
// call (a 54 MB result of selfAttentionBackward stayed allocated until then).
EMSCRIPTEN_KEEPALIVE void attn_release() { trim(output); }
EMSCRIPTEN_KEEPALIVE const char* attn_error() { return error.c_str(); }

// Bytes currently handed out by malloc: a leak probe for tests and benchmarks.
EMSCRIPTEN_KEEPALIVE int attn_allocated_bytes() { return static_cast<int>(mallinfo().uordblks); }
}
