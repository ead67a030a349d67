// Task "pronouns": at "it", name the noun it refers to.
#pragma once

#include "attn/train/task.hpp"

namespace attn::train {

// Sentences: the [mod] AGENT NEGATION cross the [mod] PLACE because it was [adverb] ADJECTIVE,
// e.g. "the animal didn't cross the street because it was tired" (it = animal)
// and "... because it was wide" (it = street). The final adjective decides:
// tired/scared/lazy/sleepy describe the agent, wide/busy/long/flooded the place.
//
// Held out: every sentence whose (agent, place, adjective) triple satisfies
// (agent + 2 place + 3 adjective) mod 7 = 0; training never draws one.
//
// Note for the lesson: with one attention layer the query at "it" is made
// from "it" and its position alone, so it cannot know the adjective yet; the
// model has to look at both nouns and the adjective at once. Sharp "it" ->
// noun attention needs a second layer.
class PronounTask : public Task {
 public:
  PronounTask();
  using Task::sample_train;
  void sample_train(Rng& rng, TaskExample& out) const override;
  static bool is_heldout(int agent, int place, int adjective);

 private:
  TaskExample make(Rng& rng, bool heldout) const;
};

}  // namespace attn::train
