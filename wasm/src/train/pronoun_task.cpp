#include "attn/train/pronoun_task.hpp"

#include <string>

namespace attn::train {

namespace {

const std::vector<std::string> kAgents = {"animal", "dog", "cat", "child", "horse", "boy"};
const std::vector<std::string> kPlaces = {"street", "road", "river", "bridge", "field"};
// The first four describe the agent, the last four the place.
const std::vector<std::string> kPronounAdjectives = {"tired", "scared", "lazy", "sleepy",
                                                     "wide",  "busy",   "long", "flooded"};
constexpr int kAgentAdjectives = 4;
const std::vector<std::string> kNegations = {"didn't", "wouldn't", "couldn't"};
const std::vector<std::string> kPronounModifiers = {"", "old", "big", "little"};
const std::vector<std::string> kPronounAdverbs = {"", "too", "very", "so"};

constexpr std::uint64_t kPronounHeldoutSeed = 20240612;
constexpr int kPronounHeldoutSize = 512;

std::vector<std::string> pronoun_vocabulary() {
  std::vector<std::string> words = {"the", "cross", "because", "it", "was"};
  for (const auto* list :
       {&kAgents, &kPlaces, &kPronounAdjectives, &kNegations, &kPronounModifiers, &kPronounAdverbs})
    for (const auto& w : *list)
      if (!w.empty()) words.push_back(w);
  return words;
}

std::vector<std::string> answer_words() {
  std::vector<std::string> a = kAgents;
  a.insert(a.end(), kPlaces.begin(), kPlaces.end());
  return a;
}

}  // namespace

PronounTask::PronounTask() : Task("pronouns", pronoun_vocabulary(), answer_words(), {"it"}) {
  Rng rng(kPronounHeldoutSeed);
  for (int i = 0; i < kPronounHeldoutSize; ++i) heldout_.push_back(make(rng, true));
}

bool PronounTask::is_heldout(int agent, int place, int adjective) {
  return (agent + 2 * place + 3 * adjective) % 7 == 0;
}

void PronounTask::sample_train(Rng& rng, TaskExample& out) const { out = make(rng, false); }

TaskExample PronounTask::make(Rng& rng, bool heldout) const {
  int agent = 0, place = 0, adjective = 0;
  do {  // rejection: about 1 in 7 triples is held out
    agent = static_cast<int>(rng.below(kAgents.size()));
    place = static_cast<int>(rng.below(kPlaces.size()));
    adjective = static_cast<int>(rng.below(kPronounAdjectives.size()));
  } while (is_heldout(agent, place, adjective) != heldout);
  auto pick = [&rng](const std::vector<std::string>& list) -> const std::string& {
    return list[rng.below(list.size())];
  };
  TaskExample ex;
  auto put = [&](const std::string& w) {
    if (!w.empty()) ex.tokens.push_back(id(w));
  };
  put("the");
  put(pick(kPronounModifiers));
  const int agent_pos = static_cast<int>(ex.tokens.size());
  put(kAgents[static_cast<std::size_t>(agent)]);
  put(pick(kNegations));
  put("cross");
  put("the");
  put(pick(kPronounModifiers));
  const int place_pos = static_cast<int>(ex.tokens.size());
  put(kPlaces[static_cast<std::size_t>(place)]);
  put("because");
  ex.query = static_cast<int>(ex.tokens.size());
  put("it");
  put("was");
  put(pick(kPronounAdverbs));
  put(kPronounAdjectives[static_cast<std::size_t>(adjective)]);
  const bool about_agent = adjective < kAgentAdjectives;
  ex.answer = about_agent ? agent_pos : place_pos;
  ex.target = about_agent ? agent : static_cast<int>(kAgents.size()) + place;
  return ex;
}

}  // namespace attn::train
