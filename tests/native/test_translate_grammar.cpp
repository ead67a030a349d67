// The English -> Hindi grammar of the translator: hand-checked translations, agreement, the
// sizes of the training and held-out sets, and the sentence checker's named refusals.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/translate/grammar.hpp"

using namespace attn::translate;
using Catch::Matchers::Equals;

// Bytes requested from operator new while `counting` is set: the checker must refuse a pasted
// page without copying it.
namespace {
bool counting = false;
std::size_t allocated = 0, largest = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (counting) {
    allocated += n;
    largest = std::max(largest, n);
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

const Grammar& grammar() { return default_grammar(); }

std::string hindi(const std::string& english) {
  const auto& g = grammar();
  return g.target_text(g.reference(g.encode(english)));
}

std::string refusal(const std::string& english) {
  try {
    grammar().encode(english);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

std::set<std::string> words_of(const std::vector<Example>& examples, bool source) {
  const auto& g = grammar();
  std::set<std::string> out;
  for (const auto& ex : examples)
    for (int id : source ? ex.source : ex.target)
      out.insert((source ? g.source() : g.target()).words[static_cast<std::size_t>(id)]);
  return out;
}

}  // namespace

TEST_CASE("grammar: the lesson's example, word by word", "[translate][grammar]") {
  CHECK(hindi("the small girl reads a new book") == "छोटी लड़की नई किताब पढ़ती है");
  const auto& g = grammar();
  const auto source = g.encode("the small girl reads a new book");
  // छोटी <- small (1), लड़की <- girl (2), नई <- new (5), किताब <- book (6), पढ़ती <- reads (3).
  CHECK_THAT(g.alignment(source), Equals(std::vector<int>{1, 2, 5, 6, 3, -1, -1}));
  CHECK_THAT(g.source_roles(source),
             Equals(std::vector<std::string>{"article", "adjective", "subject", "verb", "article",
                                             "adjective", "object"}));
  CHECK_THAT(g.target_roles(source),
             Equals(std::vector<std::string>{"adjective", "subject", "adjective", "object", "verb",
                                             "auxiliary", "end"}));
  const auto target = g.reference(source);
  REQUIRE(target.size() == 7);
  CHECK(target.back() == kEos);
  std::vector<std::string> roman;
  for (int id : target) roman.push_back(g.target().roman[static_cast<std::size_t>(id)]);
  CHECK_THAT(roman, Equals(std::vector<std::string>{"chhoṭī", "laṛkī", "naī", "kitāb", "paṛhtī",
                                                    "hai", "<eos>"}));
}

TEST_CASE("grammar: the verb agrees with the subject, not the object", "[translate][grammar]") {
  CHECK(hindi("the boy eats an apple") == "लड़का सेब खाता है");
  CHECK(hindi("the girl eats an apple") == "लड़की सेब खाती है");
  CHECK(hindi("the man eats the bread") == "आदमी रोटी खाता है");     // feminine object
  CHECK(hindi("the woman drinks the water") == "औरत पानी पीती है");  // masculine object
  CHECK(hindi("a king sings a song") == "राजा गाना गाता है");
  CHECK(hindi("a queen sings a song") == "रानी गाना गाती है");
  CHECK(hindi("the queen buys the tea") == "रानी चाय ख़रीदती है");
  CHECK(hindi("the king wants a letter") == "राजा चिट्ठी चाहता है");
}

TEST_CASE("grammar: an adjective takes its own noun's gender", "[translate][grammar]") {
  CHECK(hindi("the big boy eats a big mango") == "बड़ा लड़का बड़ा आम खाता है");
  CHECK(hindi("the big boy eats a big bread") == "बड़ा लड़का बड़ी रोटी खाता है");
  CHECK(hindi("the small woman sees a small apple") == "छोटी औरत छोटा सेब देखती है");
  CHECK(hindi("a good queen writes a good song") == "अच्छी रानी अच्छा गाना लिखती है");
  CHECK(hindi("a new man reads a new letter") == "नया आदमी नई चिट्ठी पढ़ता है");
  CHECK(hindi("the girl drinks a sweet tea") == "लड़की मीठी चाय पीती है");
  CHECK(hindi("the girl drinks a sweet water") == "लड़की मीठा पानी पीती है");
}

TEST_CASE("grammar: red and beautiful never change", "[translate][grammar]") {
  CHECK(hindi("a red king buys a red book") == "लाल राजा लाल किताब ख़रीदता है");
  CHECK(hindi("a red queen buys a red apple") == "लाल रानी लाल सेब ख़रीदती है");
  CHECK(hindi("the beautiful queen wants the beautiful song") == "सुंदर रानी सुंदर गाना चाहती है");
  CHECK(hindi("the beautiful boy wants the beautiful bread") == "सुंदर लड़का सुंदर रोटी चाहता है");
}

TEST_CASE("grammar: articles vanish; 'an' before a vowel", "[translate][grammar]") {
  const auto& g = grammar();
  const auto the = g.reference(g.encode("the boy eats the apple"));
  CHECK(g.reference(g.encode("a boy eats an apple")) == the);
  CHECK(g.reference(g.encode("the boy eats an apple")) == the);
  CHECK(g.target_text(the) == "लड़का सेब खाता है");  // 7 English words, 4 Hindi + है
  CHECK(g.encode("the boy eats an apple").size() == 5);
  // The article agrees with the next word, the adjective when there is one.
  CHECK(hindi("the boy eats a red apple") == "लड़का लाल सेब खाता है");
  CHECK(refusal("the boy eats a apple") == "'a' before 'apple' should be 'an'");
  CHECK(refusal("the boy eats an red apple") == "'an' before 'red' should be 'a'");
  CHECK(refusal("an boy eats the apple") == "'an' before 'boy' should be 'a'");
  // The generator writes "an" exactly before "apple" (no adjective starts with a vowel).
  for (const auto* set : {&g.training(), &g.held_out()})
    for (const auto& ex : *set)
      for (std::size_t i = 0; i + 1 < ex.source.size(); ++i) {
        const std::string& next = g.source().words[static_cast<std::size_t>(ex.source[i + 1])];
        const std::string& word = g.source().words[static_cast<std::size_t>(ex.source[i])];
        if (word == "a" || word == "an") REQUIRE((word == "an") == (next == "apple"));
      }
}
