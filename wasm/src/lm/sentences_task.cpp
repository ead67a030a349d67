#include "attn/lm/sentences_task.hpp"

#include <algorithm>
#include <stdexcept>

namespace attn::lm {

namespace {

constexpr std::size_t kHeldOutSample = 200;

std::vector<std::string> words(const translate::Grammar& g) {
  std::vector<std::string> v{"<bos>", "<eos>"};
  v.insert(v.end(), g.source().words.begin(), g.source().words.end());
  return v;
}

}  // namespace

SentencesTask::SentencesTask(const translate::Grammar& grammar, bool bos)
    : LmTask("sentences", words(grammar), kEos, grammar.max_source_length() + 2, bos),
      grammar_(grammar) {
  const auto& set = grammar_.held_out();
  const std::size_t k =
      std::max<std::size_t>(1, (set.size() + kHeldOutSample - 1) / kHeldOutSample);
  for (std::size_t i = 0; i < set.size(); i += k) {
    held_out_.emplace_back();
    fill(set[i].source, held_out_.back());
  }
}

void SentencesTask::fill(const std::vector<int>& source, Sequence& out) const {
  out.tokens.clear();
  out.tokens.push_back(kBos);
  for (int w : source) out.tokens.push_back(w + 2);
  out.tokens.push_back(kEos);
  out.repeated.assign(out.tokens.size(), 0);
  finish(out);
}

void SentencesTask::sample(train::Rng& rng, Sequence& out) const {
  const auto& set = grammar_.training();
  fill(set[static_cast<std::size_t>(rng.below(set.size()))].source, out);
}

bool SentencesTask::grammatical(const std::vector<int>& ids) const {
  std::string text;
  for (int t : ids) {
    if (t < 2) return false;  // <bos> or <eos> inside a sentence
    text += (text.empty() ? "" : " ") + token(t);
  }
  try {
    grammar_.encode(text);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

}  // namespace attn::lm
