// Properties of the training sentences: one right answer, attention needed, no leaks.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "attn/train/adjectives_task.hpp"
#include "attn/train/pronoun_task.hpp"
#include "attn/train/rng.hpp"

using namespace attn::train;
using Catch::Matchers::Contains;

namespace {

bool in(const std::vector<std::string>& list, const std::string& w) {
  for (const auto& x : list)
    if (x == w) return true;
  return false;
}

const std::vector<std::string> kNouns = {"transformers", "cars",   "books", "cats",
                                         "dogs",         "movies", "songs", "robots"};
const std::vector<std::string> kAdjectives = {"amazing", "fast", "interesting", "cheap",
                                              "loud",    "tiny", "bright",      "strange"};
const std::vector<std::string> kConjunctions = {"and", "but", "while"};

// Checks one adjectives sentence and returns its (noun, adjective) pairs, one per clause.
std::vector<std::pair<std::string, std::string>> check_adjectives(const Task& task,
                                                                  const TaskExample& ex) {
  INFO(task.text(ex.tokens));
  const int n = static_cast<int>(ex.tokens.size());
  REQUIRE(ex.query < n);
  REQUIRE(ex.answer < ex.query);
  CHECK(in(kAdjectives, task.word(ex.tokens[ex.query])));
  CHECK(task.word(ex.tokens[ex.answer]) == task.answers()[ex.target]);
  CHECK(in(kNouns, task.answers()[ex.target]));
  // The answer is the only noun of the asked adjective's clause.
  int clause_start = 0, clause_end = n;
  for (int i = 0; i < n; ++i)
    if (in(kConjunctions, task.word(ex.tokens[i]))) (i < ex.query ? clause_start : clause_end) = i;
  int nouns_in_clause = 0;
  for (int i = clause_start; i < clause_end; ++i)
    nouns_in_clause += in(kNouns, task.word(ex.tokens[i])) ? 1 : 0;
  CHECK(nouns_in_clause == 1);
  // Pairs: each noun with the next adjective.
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string noun;
  std::set<std::string> nouns;
  for (int t : ex.tokens) {
    const std::string& w = task.word(t);
    if (in(kNouns, w)) noun = w, nouns.insert(w);
    if (in(kAdjectives, w)) pairs.emplace_back(noun, w);
  }
  CHECK(nouns.size() == pairs.size());  // two clauses never share their noun
  return pairs;
}

bool heldout_pair(const std::pair<std::string, std::string>& p) {
  int n = 0, a = 0;
  while (kNouns[n] != p.first) ++n;
  while (kAdjectives[a] != p.second) ++a;
  return AdjectivesTask::is_heldout_pair(n, a);
}

}  // namespace

TEST_CASE("adjectives: every sentence has exactly one right noun", "[train][task]") {
  AdjectivesTask task;
  CHECK(task.answers() == kNouns);
  Rng rng(5);
  for (int i = 0; i < 2000; ++i) check_adjectives(task, task.sample_train(rng));
  for (const auto& ex : task.heldout()) check_adjectives(task, ex);
}

TEST_CASE("adjectives: held-out pairs: one per noun and one per adjective", "[train][task]") {
  std::map<int, int> per_noun, per_adjective;
  for (int n = 0; n < 8; ++n)
    for (int a = 0; a < 8; ++a)
      if (AdjectivesTask::is_heldout_pair(n, a)) ++per_noun[n], ++per_adjective[a];
  CHECK(per_noun.size() == 8);
  CHECK(per_adjective.size() == 8);
  for (const auto& [k, count] : per_noun) CHECK(count == 1);
  for (const auto& [k, count] : per_adjective) CHECK(count == 1);
}

TEST_CASE("adjectives: training and held-out sentences never overlap", "[train][task]") {
  AdjectivesTask task;
  std::set<std::string> heldout;
  for (const auto& ex : task.heldout()) {
    heldout.insert(task.text(ex.tokens));
    // The asked pair is a held-out one; any other clause is a training pair.
    int clause = 0;
    for (const auto& pair : check_adjectives(task, ex)) {
      const bool asked =
          pair.first == task.answers()[ex.target] && pair.second == task.word(ex.tokens[ex.query]);
      CHECK(heldout_pair(pair) == asked);
      ++clause;
    }
  }
  CHECK(heldout.size() > 400);  // 512 drawn; a few repeats are possible
  Rng rng(11);
  for (int i = 0; i < 50000; ++i) {
    const TaskExample ex = task.sample_train(rng);
    const std::string s = task.text(ex.tokens);
    REQUIRE(heldout.count(s) == 0);
    if (i < 3000)
      for (const auto& pair : check_adjectives(task, ex)) CHECK_FALSE(heldout_pair(pair));
  }
}

TEST_CASE("adjectives: only attention can find the answer", "[train][task]") {
  AdjectivesTask task;
  Rng rng(12);
  std::map<std::string, std::set<int>> nouns_per_adjective;
  std::set<int> answer_positions, query_positions;
  int two_clauses = 0, asked_second = 0;
  for (int i = 0; i < 5000; ++i) {
    const TaskExample ex = task.sample_train(rng);
    nouns_per_adjective[task.word(ex.tokens[ex.query])].insert(ex.target);
    answer_positions.insert(ex.answer);
    query_positions.insert(ex.query);
    const auto pairs = check_adjectives(task, ex);
    two_clauses += pairs.size() == 2 ? 1 : 0;
    asked_second += (pairs.size() == 2 && ex.query == static_cast<int>(ex.tokens.size()) - 1);
  }
  // Every adjective goes with all 7 of its training nouns: the adjective
  // alone does not tell the noun.
  CHECK(nouns_per_adjective.size() == 8);
  for (const auto& [adjective, nouns] : nouns_per_adjective) CHECK(nouns.size() == 7);
  // The noun moves around, and so does the question.
  CHECK(answer_positions.size() >= 10);
  CHECK(query_positions.size() >= 10);
  // About half the sentences have a distractor noun, asked in either clause.
  CHECK(two_clauses > 2300);
  CHECK(two_clauses < 2700);
  CHECK(asked_second > 1000);
  CHECK(asked_second < two_clauses - 1000);
}

TEST_CASE("pronouns: 'it' names the noun the final adjective describes", "[train][task]") {
  PronounTask task;
  const std::vector<std::string> agent_words = {"tired", "scared", "lazy", "sleepy"};
  Rng rng(3);
  std::set<std::string> heldout;
  for (const auto& ex : task.heldout()) heldout.insert(task.text(ex.tokens));
  for (int i = 0; i < 5000; ++i) {
    const bool from_heldout = i < static_cast<int>(task.heldout().size());
    const TaskExample ex = from_heldout ? task.heldout()[i] : task.sample_train(rng);
    INFO(task.text(ex.tokens));
    if (!from_heldout) REQUIRE(heldout.count(task.text(ex.tokens)) == 0);
    CHECK(task.word(ex.tokens[ex.query]) == "it");
    CHECK(task.word(ex.tokens[ex.answer]) == task.answers()[ex.target]);
    const bool about_agent = in(agent_words, task.word(ex.tokens.back()));
    CHECK((ex.answer < 3) == about_agent);  // the agent comes first, within 3 words
    int answers_in_sentence = 0;
    for (int t : ex.tokens) answers_in_sentence += task.answer_class(task.word(t)) >= 0;
    CHECK(answers_in_sentence == 2);  // one agent, one place: one of them is right
  }
}

TEST_CASE("tasks: tokenizing learners' sentences", "[train][task]") {
  AdjectivesTask task;
  const auto tokens = task.tokenize("  Transformers are AMAZING! ");
  REQUIRE(tokens.size() == 3);
  CHECK(task.text(tokens) == "transformers are amazing");
  CHECK(task.query_position(task.tokenize("cars are fast but books are loud.")) == 6);
  CHECK_THROWS_WITH(task.tokenize("cars are blue"), Contains("unknown word 'blue'"));
  CHECK_THROWS_WITH(task.tokenize("<img src=x onerror=alert(1)>"), Contains("unknown word '<img'"));
  CHECK_THROWS_WITH(task.tokenize(std::string(500, 'x')),
                    Contains("xxxxxxxxxxxxxxxxxxxxxxxx...'") && !Contains(std::string(30, 'x')));
  // A NUL separates words. A long non-ASCII word is cut between characters:
  // "x" + Devanagari letters of 3 bytes each puts byte 24 inside the 8th
  // letter, so the message keeps "x" + 7 letters.
  CHECK(task.tokenize(std::string("cars\0are fast", 13)).size() == 3);
  const std::string letters = "\u091F\u0930\u093E\u0902\u0938\u092B\u0949";  // 7 letters
  CHECK_THROWS_WITH(task.tokenize("x" + letters + "\u0930\u094D\u092E\u0930"),
                    Contains("'x" + letters + "...'"));
  CHECK_THROWS_WITH(task.tokenize("   "), Contains("empty"));
  CHECK_THROWS_WITH(task.tokenize(" ! ? "), Contains("empty"));
  std::string long_sentence;
  for (int i = 0; i < 10000; ++i) long_sentence += "cars ";
  CHECK_THROWS_WITH(task.tokenize(long_sentence), Contains("too long"));
  CHECK_THROWS_WITH(task.query_position(task.tokenize("the old cars")),
                    Contains("no word to ask about") && Contains("amazing"));
  CHECK_THROWS_WITH(make_task("poems"), Contains("unknown task 'poems'"));
}

TEST_CASE("tasks: a name with a NUL is quoted whole, the NUL shown as '?'", "[train][task]") {
  // The message reaches JS as a C string: a NUL in it would end the message there.
  try {
    make_task(std::string("po\0ems", 6));
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "unknown task 'po?ems': choose 'adjectives' or 'pronouns'");
  }
  CHECK(attn::shown(std::string("a\0b\x7f", 4)) == "a?b?");
}
