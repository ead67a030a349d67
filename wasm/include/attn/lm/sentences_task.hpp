// The sentences task: next-word prediction on the English side of the translator's grammar
// (attn/translate/grammar.hpp), <bos> sentence <eos>: articles, adjectives and verb-object
// choices exactly as there, so a sampled sentence can be judged by Grammar::encode. Trained on
// the grammar's training sentences; held out: an even spread of at most 200 of its held-out
// ones.
#pragma once

#include "attn/lm/task.hpp"
#include "attn/translate/grammar.hpp"

namespace attn::lm {

inline constexpr int kEos = 1;  // the sentences task's end token

class SentencesTask final : public LmTask {
 public:
  explicit SentencesTask(const translate::Grammar& grammar = translate::default_grammar(),
                         bool bos = true);
  void sample(train::Rng& rng, Sequence& out) const override;
  // Whether tokens (without <bos> and <eos>) are a sentence of the grammar.
  bool grammatical(const std::vector<int>& words) const;
  const translate::Grammar& grammar() const { return grammar_; }

 private:
  void fill(const std::vector<int>& source, Sequence& out) const;
  const translate::Grammar& grammar_;
};

}  // namespace attn::lm
