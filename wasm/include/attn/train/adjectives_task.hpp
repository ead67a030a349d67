// Task "adjectives": at the adjective, name the noun it describes.
#pragma once

#include <utility>
#include <vector>

#include "attn/train/task.hpp"

namespace attn::train {

// A clause is [determiner] [modifier] NOUN VERB [adverb] ADJECTIVE; a sentence
// is [prefix] clause, or (half of the time) [prefix] clause CONJUNCTION clause:
// "transformers are amazing", "i think the old cars were really fast",
// "books are interesting but my dogs seem very loud".
// The question is asked at one adjective; the answer is the noun of its own
// clause. Every noun goes with every adjective, so the adjective says nothing
// about the noun; the noun's position varies; and in two-clause sentences
// the other noun is a wrong answer the model must learn to look past.
//
// Held out: the sentences whose asked (noun, adjective) pair is one of 8
// pairs (one per noun and one per adjective). Training sentences contain
// none of these pairs in any clause, so no held-out sentence can ever be
// drawn for training, and the held-out score measures attention to the
// right noun rather than memorised pairs.
class AdjectivesTask : public Task {
 public:
  AdjectivesTask();
  using Task::sample_train;
  void sample_train(Rng& rng, TaskExample& out) const override;
  static bool is_heldout_pair(int noun, int adjective);

 private:
  // Each slot's entries as word ids, looked up once ("i think" -> {id(i), id(think)}).
  using Phrases = std::vector<std::vector<int>>;
  Phrases phrases(const std::vector<std::string>& entries) const;

  void make(Rng& rng, std::pair<int, int> asked, TaskExample& ex) const;
  Phrases prefixes_, determiners_, modifiers_, nouns_, verbs_, adverbs_, adjectives_, conjunctions_;
  std::vector<std::pair<int, int>> train_pairs_;  // (noun, adjective)
  std::vector<std::pair<int, int>> heldout_pairs_;
};

}  // namespace attn::train
