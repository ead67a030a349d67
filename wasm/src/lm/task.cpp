#include "attn/lm/task.hpp"

#include <algorithm>
#include <stdexcept>

#include "attn/lm/induction_task.hpp"
#include "attn/lm/sentences_task.hpp"
#include "attn/text.hpp"

namespace attn::lm {

namespace {

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string lower(std::string_view word) {
  std::string w(word);
  for (auto& ch : w)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return w;
}

}  // namespace

LmTask::LmTask(std::string name, std::vector<std::string> vocabulary, int eos, int context,
               bool bos)
    : name_(std::move(name)),
      vocabulary_(std::move(vocabulary)),
      eos_(eos),
      context_(bos ? context : context - 1),
      bos_(bos) {
  for (std::size_t i = 0; i < vocabulary_.size(); ++i)
    ids_.emplace(vocabulary_[i], static_cast<int>(i));
}

int LmTask::id(const std::string& token) const {
  const auto it = ids_.find(token);
  return it == ids_.end() ? -1 : it->second;
}

std::vector<int> LmTask::with_bos(std::vector<int> ids) const {
  if (ids.empty()) throw std::invalid_argument("the prompt is empty");
  if (!bos_) {
    if (std::find(ids.begin(), ids.end(), kBos) != ids.end())
      throw std::invalid_argument(
          "this model has no <bos>: it was made with bos false, so its sequences start with "
          "their first real token");
    return ids;
  }
  if (ids.front() != kBos) ids.insert(ids.begin(), kBos);
  if (static_cast<int>(ids.size()) > context_) too_long();
  return ids;
}

void LmTask::too_long() const {
  throw std::invalid_argument("the prompt is too long: the model's context holds " +
                              std::to_string(context_) + " tokens" +
                              (bos_ ? ", <bos> included" : ""));
}

void LmTask::finish(Sequence& s) const {
  if (!bos_) {
    s.tokens.erase(s.tokens.begin());
    s.repeated.erase(s.repeated.begin());
  }
  set_next_token_targets(s);
}

std::vector<int> LmTask::tokenize(std::string_view text) const {
  // Counted first: a 10,000-word prompt is refused before any token is stored.
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) break;
    ++count;
    while (i < text.size() && !is_space(text[i])) ++i;
  }
  if (count == 0) throw std::invalid_argument("the prompt is empty");
  if (count > static_cast<std::size_t>(context_)) too_long();
  std::vector<std::string> words;
  words.reserve(count);
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return tokenize(words);
}

std::vector<int> LmTask::tokenize(const std::vector<std::string>& tokens) const {
  if (tokens.size() > static_cast<std::size_t>(context_)) too_long();
  std::vector<int> ids;
  ids.reserve(tokens.size());
  for (const auto& t : tokens) {
    const int i = id(lower(t));
    if (i < 0)
      throw std::invalid_argument("unknown word '" + shown(t) + "': the " + name_ + " task knows " +
                                  std::to_string(vocabulary_.size()) +
                                  " tokens (see vocabulary())");
    ids.push_back(i);
  }
  return with_bos(std::move(ids));
}

std::string LmTask::text(const std::vector<int>& tokens) const {
  std::string s;
  for (int t : tokens) s += (s.empty() ? "" : " ") + token(t);
  return s;
}

void set_next_token_targets(Sequence& s) {
  const std::size_t n = s.tokens.size();
  s.targets.resize(n);
  for (std::size_t i = 0; i + 1 < n; ++i) s.targets[i] = s.tokens[i + 1];
  if (n > 0) s.targets[n - 1] = -1;
}

std::unique_ptr<LmTask> make_lm_task(const std::string& name, const TaskOptions& o) {
  if (name == "induction") return std::make_unique<InductionTask>(o.length, o.bos);
  if (name == "sentences") {
    if (o.length != TaskOptions{}.length)
      throw std::invalid_argument(
          "length sets the induction task's letters per sequence; the sentences task's "
          "sentences are as long as the grammar makes them (leave length at " +
          std::to_string(TaskOptions{}.length) + ")");
    return std::make_unique<SentencesTask>(translate::default_grammar(), o.bos);
  }
  throw std::invalid_argument("unknown task '" + shown(name) +
                              "': choose 'induction' or 'sentences'");
}

}  // namespace attn::lm
