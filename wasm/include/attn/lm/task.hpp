// What a language model learns from: sequences of token ids starting with <bos> (or, for a task
// made without, with their first real token), the next token scored at every position, and
// which predictions belong to a repeated part (copying).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attn/train/rng.hpp"

namespace attn::lm {

inline constexpr int kBos = 0;  // every task's token 0: where each sequence starts, if it has one

struct Sequence {
  std::vector<int> tokens;   // tokens[0] = kBos with bos
  std::vector<int> targets;  // targets[i] = tokens[i + 1], the last -1 (not scored)
  // repeated[i]: the prediction at position i copies an earlier part of the sequence (the
  // induction task's repeated segment); copy accuracy is measured there, accuracy elsewhere.
  std::vector<char> repeated;
};

class LmTask {
 public:
  virtual ~LmTask() = default;

  const std::string& name() const { return name_; }
  // id -> token; special tokens written <like-this>.
  const std::vector<std::string>& vocabulary() const { return vocabulary_; }
  int eos() const { return eos_; }          // -1 when the task has no end token
  int context() const { return context_; }  // the longest sequence, <bos> included
  bool bos() const { return bos_; }         // sequences start with <bos>
  // Fixed when the task is made; training draws may coincide only by chance (induction) or
  // never (sentences: the grammar's held-out combinations).
  const std::vector<Sequence>& held_out() const { return held_out_; }
  // A training sequence into out (its buffers reused).
  virtual void sample(train::Rng& rng, Sequence& out) const = 0;

  // Space-separated tokens, <bos> first (added when the text does not start with it); upper
  // case is read as lower case. std::invalid_argument for an empty prompt, an unknown token
  // (named) or more than context() tokens (counted before anything is stored). A task without
  // <bos> adds none and refuses one.
  std::vector<int> tokenize(std::string_view text) const;
  std::vector<int> tokenize(const std::vector<std::string>& tokens) const;
  std::string text(const std::vector<int>& tokens) const;
  const std::string& token(int id) const { return vocabulary_.at(static_cast<std::size_t>(id)); }

 protected:
  // context: the longest sequence with <bos>; without, one less.
  LmTask(std::string name, std::vector<std::string> vocabulary, int eos, int context, bool bos);
  int id(const std::string& token) const;  // -1 if unknown
  // A sequence made with <bos> first (and its repeated flags) as the task gives it: <bos> taken
  // off without, and the targets set.
  void finish(Sequence& s) const;
  std::vector<Sequence> held_out_;

 private:
  std::vector<int> with_bos(std::vector<int> ids) const;
  [[noreturn]] void too_long() const;
  std::string name_;
  std::vector<std::string> vocabulary_;
  std::unordered_map<std::string, int> ids_;
  int eos_ = -1, context_ = 0;
  bool bos_ = true;
};

struct TaskOptions {
  int length = 32;  // the induction task's letters per sequence
  bool bos = true;
};

// "induction" or "sentences"; std::invalid_argument naming the choices otherwise, and for a
// length other than 32 with the sentences task.
std::unique_ptr<LmTask> make_lm_task(const std::string& name, const TaskOptions& options = {});

// The targets of a sequence: each token's successor, -1 after the last.
void set_next_token_targets(Sequence& s);

}  // namespace attn::lm
