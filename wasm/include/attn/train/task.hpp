// A training task: sentences, the position where a question is asked, and its answer.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "attn/text.hpp"
#include "attn/train/rng.hpp"

namespace attn::train {

// One sentence as the model sees it.
struct TaskExample {
  std::vector<int> tokens;  // word ids
  int query = 0;            // position where the model must answer
  int target = 0;           // the right answer, an index into Task::answers()
  int answer = 0;           // position of the word the answer names (where attention should go)
};

// The words and answers are data; a task only says how sentences are made.
// Held-out sentences are fixed when the task is made and never come out of
// sample_train (each task guarantees this by construction and says how).
class Task {
 public:
  virtual ~Task() = default;

  const std::string& name() const { return name_; }
  const std::vector<std::string>& words() const { return words_; }      // id -> word
  const std::vector<std::string>& answers() const { return answers_; }  // class -> word
  const std::vector<TaskExample>& heldout() const { return heldout_; }
  std::size_t max_length() const { return 32; }

  TaskExample sample_train(Rng& rng) const {
    TaskExample ex;
    sample_train(rng, ex);
    return ex;
  }
  // The same into out, reusing its token buffer (the training loop draws one per sentence).
  virtual void sample_train(Rng& rng, TaskExample& out) const = 0;

  // Lower-cases, splits on white space and strips . , ! ? ; : " around words.
  // Throws std::invalid_argument for an empty or over-long sentence or an
  // unknown word (naming the word, shortened if it is long).
  std::vector<int> tokenize(const std::string& sentence) const;
  // The last position holding a question word (an adjective, "it", ...);
  // throws std::invalid_argument if there is none, listing the question words.
  int query_position(const std::vector<int>& tokens) const;
  const std::string& word(int id) const { return words_.at(static_cast<std::size_t>(id)); }
  int answer_class(const std::string& word) const;  // -1 if not an answer word
  std::string text(const std::vector<int>& tokens) const;

 protected:
  Task(std::string name, std::vector<std::string> words, std::vector<std::string> answers,
       std::vector<std::string> question_words);
  int id(const std::string& word) const;  // throws std::logic_error if missing (a task bug)

  std::vector<TaskExample> heldout_;

 private:
  std::string name_;
  std::vector<std::string> words_;
  std::vector<std::string> answers_;
  std::vector<std::string> question_words_;
  std::unordered_map<std::string, int> ids_;
  std::vector<bool> is_question_;
};

// Words of a phrase separated by white space ("i think" -> {"i", "think"}).
std::vector<std::string> split_words(const std::string& text);

// "adjectives" (the default) or "pronouns"; throws std::invalid_argument otherwise.
std::unique_ptr<Task> make_task(const std::string& name);

}  // namespace attn::train
