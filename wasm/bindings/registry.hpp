// Where the models' sessions live (models.cpp): in a registry on the C++ side, JS holding a
// number, so nothing depends on embind's delete(); and how many may live at once and how much
// memory they may hold. No Emscripten here, so a native test can hold it to its limits.
#pragma once

#include <cmath>
#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "attn/declare/model.hpp"
#include "attn/text.hpp"

namespace attn::bindings {

// Each session with its model's declaration, which says how to read its methods' arguments,
// and the memory it took when it was made; at most `models` sessions holding at most `bytes`
// together (the bindings give api::kMaxLiveModels and api::kMaxLiveModelBytes, models.hpp).
class Registry {
 public:
  struct Limits {
    std::size_t models;
    double bytes;
  };
  using Meter = std::size_t (*)();  // bytes in use now (malloc's, in the bindings)
  Registry(Limits limits, Meter in_use) : limits_(limits), in_use_(in_use) {}

  // Makes a session with make() and keeps it, or throws std::invalid_argument saying to
  // dispose of some: the count is checked before anything is made, the memory once the model
  // is made (only then is it known), and the model is freed again if it does not fit.
  template <class Make>
  int add(Make make, const declare::ModelInfo& model) {
    if (items_.size() >= limits_.models)
      throw std::invalid_argument("too many live models: " + std::to_string(items_.size()) +
                                  " are open, the limit is " + std::to_string(limits_.models) +
                                  kDispose);
    const std::size_t before = in_use_();
    std::unique_ptr<declare::Session> session = make();
    const std::size_t after = in_use_();
    const std::size_t bytes = after > before ? after - before : 0;
    if (static_cast<double>(held_ + bytes) > limits_.bytes)
      throw std::invalid_argument("too many live models: with this one the " +
                                  std::to_string(items_.size() + 1) + " open would hold " +
                                  megabytes(static_cast<double>(held_ + bytes)) +
                                  ", the limit is " + megabytes(limits_.bytes) + kDispose);
    const int id = next_id_++;
    items_[id] = {std::move(session), &model, bytes};
    held_ += bytes;
    return id;
  }
  declare::Session& find(int id) { return *entry(id).session; }
  const declare::ModelInfo& model(int id) { return *entry(id).model; }
  void erase(int id) {
    const auto it = items_.find(id);
    if (it == items_.end()) return;
    held_ -= it->second.bytes;
    items_.erase(it);
  }
  std::size_t size() const { return items_.size(); }
  std::size_t held() const { return held_; }

 private:
  static constexpr const char* kDispose = ": call dispose() on ones you no longer use";
  // Rounded up: "1 MB" for a few bytes over nothing.
  static std::string megabytes(double bytes) {
    return grouped(std::ceil(bytes / (1 << 20))) + " MB";
  }

  struct Entry {
    std::unique_ptr<declare::Session> session;
    const declare::ModelInfo* model = nullptr;
    std::size_t bytes = 0;  // the bytes in use grew by this much as it was made
  };
  Entry& entry(int id) {
    const auto it = items_.find(id);
    if (it == items_.end()) throw std::invalid_argument("this model was disposed");
    return it->second;
  }
  Limits limits_;
  Meter in_use_;
  std::map<int, Entry> items_;
  std::size_t held_ = 0;  // the entries' bytes together
  int next_id_ = 1;
};

}  // namespace attn::bindings
