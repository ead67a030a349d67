#include "attn/train/task.hpp"

#include <cctype>
#include <stdexcept>

#include "attn/train/adjectives_task.hpp"
#include "attn/train/pronoun_task.hpp"

namespace attn::train {

Task::Task(std::string name, std::vector<std::string> words, std::vector<std::string> answers,
           std::vector<std::string> question_words)
    : name_(std::move(name)),
      words_(std::move(words)),
      answers_(std::move(answers)),
      question_words_(std::move(question_words)),
      is_question_(words_.size(), false) {
  for (std::size_t i = 0; i < words_.size(); ++i) ids_.emplace(words_[i], static_cast<int>(i));
  for (const auto& q : question_words_) is_question_[static_cast<std::size_t>(id(q))] = true;
  for (const auto& a : answers_) id(a);
}

int Task::id(const std::string& word) const {
  const auto it = ids_.find(word);
  if (it == ids_.end()) throw std::logic_error("task '" + name_ + "' lacks the word " + word);
  return it->second;
}

int Task::answer_class(const std::string& word) const {
  for (std::size_t c = 0; c < answers_.size(); ++c)
    if (answers_[c] == word) return static_cast<int>(c);
  return -1;
}

// By hand rather than with std::istringstream: streams pull libc++'s locale machinery
// (~90 KB of the .wasm, a third of its code) into the page for this one loop.
std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };  // C isspace
  std::size_t i = 0;
  for (;;) {
    while (i < text.size() && space(text[i])) ++i;
    if (i == text.size()) break;
    const std::size_t start = i;
    while (i < text.size() && !space(text[i])) ++i;
    words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::vector<int> Task::tokenize(const std::string& sentence) const {
  // Control characters (a pasted NUL, tab, ...) separate words like spaces.
  std::string cleaned = sentence;
  for (auto& ch : cleaned)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  std::vector<std::string> raw;
  for (std::string w : split_words(cleaned)) {
    const std::string strip = ".,!?;:\"";
    const auto b = w.find_first_not_of(strip);
    if (b == std::string::npos) continue;  // a lone punctuation mark
    const auto e = w.find_last_not_of(strip);
    w = w.substr(b, e - b + 1);
    for (auto& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    raw.push_back(std::move(w));
    if (raw.size() > max_length()) break;  // no need to read a 10,000-word text to the end
  }
  if (raw.empty()) throw std::invalid_argument("the sentence is empty");
  if (raw.size() > max_length())
    throw std::invalid_argument("the sentence is too long: at most " +
                                std::to_string(max_length()) + " words");
  std::vector<int> tokens;
  for (const auto& w : raw) {
    const auto it = ids_.find(w);
    if (it == ids_.end())
      throw std::invalid_argument("unknown word '" + shown(w) + "': the " + name_ + " task knows " +
                                  std::to_string(words_.size()) + " words (see the vocabulary)");
    tokens.push_back(it->second);
  }
  return tokens;
}

int Task::query_position(const std::vector<int>& tokens) const {
  for (int i = static_cast<int>(tokens.size()) - 1; i >= 0; --i)
    if (is_question_[static_cast<std::size_t>(tokens[static_cast<std::size_t>(i)])]) return i;
  std::string list;
  for (const auto& q : question_words_) list += (list.empty() ? "" : ", ") + q;
  throw std::invalid_argument("the sentence has no word to ask about; the " + name_ +
                              " task asks at one of: " + list);
}

std::string Task::text(const std::vector<int>& tokens) const {
  std::string s;
  for (int t : tokens) s += (s.empty() ? "" : " ") + word(t);
  return s;
}

std::unique_ptr<Task> make_task(const std::string& name) {
  if (name == "adjectives") return std::make_unique<AdjectivesTask>();
  if (name == "pronouns") return std::make_unique<PronounTask>();
  throw std::invalid_argument("unknown task '" + shown(name) +
                              "': choose 'adjectives' or 'pronouns'");
}

}  // namespace attn::train
