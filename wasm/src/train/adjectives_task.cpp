#include "attn/train/adjectives_task.hpp"

#include <string>
#include <tuple>

namespace attn::train {

namespace {

// Slots of a sentence, in order. The optional ones stay empty half of the
// time, so that short sentences like the ones learners type
// ("cars are fast and books are loud") are common in training.
const std::vector<std::string> kPrefixes = {"honestly", "i think"};
const std::vector<std::string> kDeterminers = {"the", "these", "my", "some", "our"};
const std::vector<std::string> kModifiers = {"old", "new", "big", "little"};
const std::vector<std::string> kNouns = {"transformers", "cars",   "books", "cats",
                                         "dogs",         "movies", "songs", "robots"};
const std::vector<std::string> kVerbs = {"are", "were", "seem", "look"};
const std::vector<std::string> kAdverbs = {"very", "really", "quite", "so"};
const std::vector<std::string> kAdjectives = {"amazing", "fast", "interesting", "cheap",
                                              "loud",    "tiny", "bright",      "strange"};
const std::vector<std::string> kConjunctions = {"and", "but", "while"};

// A fixed seed: the held-out sentences are part of the task, not of a run.
constexpr std::uint64_t kHeldoutSeed = 20240611;
constexpr int kHeldoutSize = 512;

std::vector<std::string> vocabulary() {
  std::vector<std::string> words;
  for (const auto* list : {&kPrefixes, &kDeterminers, &kModifiers, &kNouns, &kVerbs, &kAdverbs,
                           &kAdjectives, &kConjunctions})
    for (const auto& entry : *list)
      for (const auto& w : split_words(entry)) {
        bool seen = false;
        for (const auto& known : words) seen = seen || known == w;
        if (!seen) words.push_back(w);
      }
  return words;
}

}  // namespace

AdjectivesTask::AdjectivesTask()
    : Task("adjectives", vocabulary(), kNouns, kAdjectives),
      prefixes_(phrases(kPrefixes)),
      determiners_(phrases(kDeterminers)),
      modifiers_(phrases(kModifiers)),
      nouns_(phrases(kNouns)),
      verbs_(phrases(kVerbs)),
      adverbs_(phrases(kAdverbs)),
      adjectives_(phrases(kAdjectives)),
      conjunctions_(phrases(kConjunctions)) {
  for (int n = 0; n < static_cast<int>(kNouns.size()); ++n)
    for (int a = 0; a < static_cast<int>(kAdjectives.size()); ++a)
      (is_heldout_pair(n, a) ? heldout_pairs_ : train_pairs_).emplace_back(n, a);
  Rng rng(kHeldoutSeed);
  for (int i = 0; i < kHeldoutSize; ++i) {
    heldout_.emplace_back();
    make(rng, heldout_pairs_[rng.below(heldout_pairs_.size())], heldout_.back());
  }
}

AdjectivesTask::Phrases AdjectivesTask::phrases(const std::vector<std::string>& entries) const {
  Phrases out;
  for (const auto& entry : entries) {
    out.emplace_back();
    for (const auto& w : split_words(entry)) out.back().push_back(id(w));
  }
  return out;
}

bool AdjectivesTask::is_heldout_pair(int noun, int adjective) {
  // For 8 nouns and 8 adjectives: exactly one adjective per noun and one noun per adjective.
  return (3 * noun + adjective) % 8 == 0;
}

void AdjectivesTask::sample_train(Rng& rng, TaskExample& out) const {
  make(rng, train_pairs_[rng.below(train_pairs_.size())], out);
}

void AdjectivesTask::make(Rng& rng, std::pair<int, int> asked, TaskExample& ex) const {
  ex.tokens.clear();
  ex.target = asked.first;
  auto put = [&ex](const std::vector<int>& ids) {
    ex.tokens.insert(ex.tokens.end(), ids.begin(), ids.end());
  };
  auto pick = [&rng](const Phrases& list) -> const std::vector<int>& {
    return list[rng.below(list.size())];
  };
  const std::vector<int> none;
  auto maybe = [&](const Phrases& list) -> const std::vector<int>& {
    return rng.below(2) == 0 ? none : pick(list);
  };
  // Appends "[determiner] [modifier] NOUN VERB [adverb] ADJECTIVE"; returns
  // the positions of the noun and the adjective.
  auto clause = [&](std::pair<int, int> pair) {
    put(maybe(determiners_));
    put(maybe(modifiers_));
    const int noun_pos = static_cast<int>(ex.tokens.size());
    put(nouns_[static_cast<std::size_t>(pair.first)]);
    put(pick(verbs_));
    put(maybe(adverbs_));
    const int adjective_pos = static_cast<int>(ex.tokens.size());
    put(adjectives_[static_cast<std::size_t>(pair.second)]);
    return std::make_pair(noun_pos, adjective_pos);
  };
  put(maybe(prefixes_));
  if (rng.below(2) == 0) {
    std::tie(ex.answer, ex.query) = clause(asked);
    return;
  }
  // Two clauses: the other one is always a training pair with another noun
  // and another adjective, so it is a distractor, never a second answer.
  std::pair<int, int> other;
  do {
    other = train_pairs_[rng.below(train_pairs_.size())];
  } while (other.first == asked.first || other.second == asked.second);
  const bool asked_first = rng.below(2) == 0;
  const auto first = clause(asked_first ? asked : other);
  put(pick(conjunctions_));
  const auto second = clause(asked_first ? other : asked);
  std::tie(ex.answer, ex.query) = asked_first ? first : second;
}

}  // namespace attn::train
