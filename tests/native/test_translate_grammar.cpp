// The English -> Hindi grammar of the translator: hand-checked translations, agreement, the
// sizes of the training and held-out sets, and the sentence checker's named refusals.
#include <algorithm>
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
// page without copying it. Every throwing and nothrow form is replaced (AddressSanitizer's would
// otherwise pair with these deletes and report a mismatch); out of line, as GCC warns about
// free() on memory from operator new where both are inlined.
namespace {
bool counting = false;
std::size_t allocated = 0, largest = 0;

[[gnu::noinline]] void* counted_malloc(std::size_t n) noexcept {
  if (counting) {
    allocated += n;
    largest = std::max(largest, n);
  }
  return std::malloc(n ? n : 1);
}
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { operator delete(p); }

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

TEST_CASE("grammar: articles vanish, and 'an' before a vowel", "[translate][grammar]") {
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

TEST_CASE("grammar: sizes of the vocabularies and of both sets, counted by hand",
          "[translate][grammar]") {
  const auto& g = grammar();
  // the a an + 7 adjectives + 6 subjects + 8 verbs + 8 objects.
  CHECK(g.source().size() == 32);
  CHECK(g.source().roman.empty());
  // <bos> <eos> + 6 subjects + 8 objects + 5 x 2 adjective forms + लाल + सुंदर + 8 x 2 verb
  // forms + है.
  CHECK(g.target().size() == 45);
  CHECK(g.target().roman.size() == 45);
  CHECK(g.target().words[kBos] == "<bos>");
  CHECK(g.target().words[kEos] == "<eos>");
  CHECK(g.max_source_length() == 7);  // the big boy eats the big apple
  CHECK(g.max_target_length() == 7);  // बड़ा लड़का बड़ा सेब खाता है <eos>

  // Subject phrases: 6 subjects x 2 articles x (no adjective or one of the 6 that describe a
  // person; "sweet" does not) = 84. Object phrases: 2 articles x 8 adjective choices for food
  // and drink (with "sweet"), x 7 for the others; per verb: eats 3 x 16 = 48, drinks 2 x 16 =
  // 32, reads 2 x 14 = 28, writes 2 x 14 + 14 = 42, sings 14, and buys, sees, wants each
  // 5 x 16 + 3 x 14 = 122; together 530. Sentences: 84 x 530 = 44,520.
  //
  // Held out, by inclusion-exclusion. Triples (14 subject phrases x the object's phrases):
  // boy drinks tea 224, girl eats mango 224, man writes letter 196, woman reads book 196,
  // king buys bread 224, queen sees apple 224: 1,288, disjoint (one per subject).
  // Pairs: big queen 2 x 530 = 1,060; on objects 84 x 2 x (verbs taking the object): new mango
  // 4 verbs 672, sweet tea 4 verbs 672, small letter 5 verbs 840, beautiful song 5 verbs 840;
  // minus big queen with each object pair (2 x 2 x verbs): 16 + 16 + 20 + 20 = 72; 4,012.
  // Triples that also have a pair: boy drinks tea with sweet tea 14 x 2 = 28, girl eats mango
  // with new mango 28, man writes letter with small letter 28, queen sees apple with big queen
  // 2 x 16 = 32: 116. Held out: 1,288 + 4,012 - 116 = 5,184; trained: 44,520 - 5,184 = 39,336.
  CHECK(g.training().size() + g.held_out().size() == 44520);
  CHECK(g.held_out().size() == 5184);
  CHECK(g.training().size() == 39336);
}

TEST_CASE("grammar: no held-out combination in training, one in each held-out sentence",
          "[translate][grammar]") {
  const auto& g = grammar();
  const auto& lex = g.lexicon();
  REQUIRE(lex.held_out_triples.size() == 6);
  REQUIRE(lex.held_out_pairs.size() == 5);
  // Checked here from the words, independently of the generator's own test.
  const auto held = [&](const Example& ex) {
    std::vector<std::string> w;
    for (int id : ex.source) w.push_back(g.source().words[static_cast<std::size_t>(id)]);
    const Grammar::Parse p = g.parse(ex.source);
    const std::string subject = lex.subjects[static_cast<std::size_t>(p.subject)].english;
    const std::string verb = lex.verbs[static_cast<std::size_t>(p.verb)].english;
    const std::string object = lex.objects[static_cast<std::size_t>(p.object)].english;
    for (const auto& t : lex.held_out_triples)
      if (t.subject == subject && t.verb == verb && t.object == object) return true;
    for (const auto& pair : lex.held_out_pairs)
      for (std::size_t i = 0; i + 1 < w.size(); ++i)
        if (w[i] == pair.adjective && w[i + 1] == pair.noun) return true;
    return false;
  };
  std::set<std::vector<int>> training;
  for (const auto& ex : g.training()) {
    REQUIRE_FALSE(held(ex));
    REQUIRE_FALSE(g.is_held_out(ex.source));
    training.insert(ex.source);
  }
  CHECK(training.size() == g.training().size());  // no sentence twice
  for (const auto& ex : g.held_out()) {
    REQUIRE(held(ex));
    REQUIRE(training.count(ex.source) == 0);
  }
  CHECK(g.is_held_out(g.encode("the big queen eats an apple")));
  CHECK(g.is_held_out(g.encode("a boy drinks the sweet tea")));
  CHECK_FALSE(g.is_held_out(g.encode("the big king eats an apple")));
}

TEST_CASE("grammar: every word, agreement and adjective form is trained", "[translate][grammar]") {
  const auto& g = grammar();
  const auto source = words_of(g.training(), true);
  const auto target = words_of(g.training(), false);
  for (const auto& w : g.source().words) CHECK(source.count(w) == 1);
  for (std::size_t id = kEos; id < g.target().words.size(); ++id)
    CHECK(target.count(g.target().words[id]) == 1);
  // Every subject with every verb, every verb with each object it takes, every variable
  // adjective's two forms on subjects and on objects.
  std::set<std::pair<int, int>> subject_verb, verb_object;
  std::set<std::pair<int, int>> adjective_form_subject, adjective_form_object;  // (form, slot)
  for (const auto& ex : g.training()) {
    const Grammar::Parse p = g.parse(ex.source);
    subject_verb.emplace(p.subject, p.verb);
    verb_object.emplace(p.verb, p.object);
    if (p.subject_adjective >= 0) adjective_form_subject.emplace(ex.target[0], 0);
    if (p.object_adjective >= 0) adjective_form_object.emplace(ex.target[ex.target.size() - 5], 1);
  }
  CHECK(subject_verb.size() == 6 * 8);
  CHECK(verb_object.size() == 3 + 2 + 2 + 3 + 1 + 8 + 8 + 8);
  // 12 forms; "sweet" describes no subject, so मीठा and मीठी are object-only.
  CHECK(adjective_form_subject.size() == 10);
  CHECK(adjective_form_object.size() == 12);
}

TEST_CASE("grammar: a held-out list that hides a rule is refused", "[translate][grammar]") {
  Lexicon lex = default_lexicon();
  lex.held_out_triples.push_back({"boy", "sings", "song"});  // sings takes only song
  CHECK_THROWS_WITH(Grammar(lex),
                    "the held-out combinations leave no training sentence with "
                    "'boy' and 'sings'");
  lex = default_lexicon();
  lex.held_out_pairs.push_back({"sweet", "tea"});  // already held out: no change
  CHECK_NOTHROW(Grammar(lex));
  for (const char* food : {"apple", "mango", "bread", "water"})
    lex.held_out_pairs.push_back({"sweet", food});
  CHECK_THROWS_WITH(Grammar(lex),
                    "the held-out combinations leave no training sentence with "
                    "the word 'sweet'");
  lex = default_lexicon();
  for (const char* feminine : {"bread", "book", "letter", "tea"})
    lex.held_out_pairs.push_back({"new", feminine});
  CHECK_THROWS_WITH(Grammar(lex),
                    "the held-out combinations leave no training sentence with "
                    "'new' describing a feminine object");
}

TEST_CASE("grammar: a lexicon built in code is checked too", "[translate][grammar]") {
  Lexicon lex = default_lexicon();
  lex.held_out_triples.push_back({"boy", "eats", "cat"});
  CHECK_THROWS_WITH(Grammar(lex), "a held-out combination names 'cat', which is not an object");
  lex = default_lexicon();
  lex.held_out_pairs.push_back({"big", "apples"});
  CHECK_THROWS_WITH(Grammar(lex), "a held-out combination names 'apples', which is not a noun");
  lex = default_lexicon();
  lex.held_out_pairs.push_back({"huge", "apple"});
  CHECK_THROWS_WITH(Grammar(lex), "a held-out combination names 'huge', which is not an adjective");
  lex = default_lexicon();
  lex.verbs.clear();
  CHECK_THROWS_WITH(Grammar(lex),
                    "the lexicon needs at least one subject, one verb and one object");
}

TEST_CASE("grammar: the same sentences in the same order every time", "[translate][grammar]") {
  const Grammar a(default_lexicon()), b(default_lexicon());
  REQUIRE(a.training().size() == b.training().size());
  for (std::size_t i = 0; i < a.training().size(); ++i) {
    REQUIRE(a.training()[i].source == b.training()[i].source);
    REQUIRE(a.training()[i].target == b.training()[i].target);
  }
  CHECK(a.source_text(a.training().front().source) == "the boy eats the apple");
  CHECK(a.target_text(a.training().front().target) == "लड़का सेब खाता है");
}

TEST_CASE("checker: accepted spellings", "[translate][checker]") {
  const auto& g = grammar();
  const auto ids = g.encode("the boy eats an apple");
  CHECK(g.source_text(ids) == "the boy eats an apple");
  CHECK(g.encode("The Boy EATS an Apple.") == ids);
  CHECK(g.encode("  the boy\teats an apple?! \n") == ids);
  CHECK(g.encode("the boy eats an apple...") == ids);
}

TEST_CASE("checker: every problem is named", "[translate][checker]") {
  CHECK(refusal("") == "empty sentence");
  CHECK(refusal(" \t\n ") == "empty sentence");
  CHECK(refusal("?!.") == "empty sentence");
  CHECK(refusal("the cat eats an apple") == "unknown word 'cat'");
  CHECK(refusal("the boy eats the big red apple now") == "a sentence has at most 7 words");
  CHECK(refusal("the boy drinks the bread") == "'drinks' takes water or tea, not 'bread'");
  CHECK(refusal("the girl sings a book") == "'sings' takes song, not 'book'");
  CHECK(refusal("the boy") == "expected a verb after 'the boy'");
  CHECK(refusal("the big boy an apple") ==
        "expected a verb after 'the big boy', not the article 'an'");
  CHECK(refusal("boy eats an apple") == "a sentence starts with 'the', 'a' or 'an', not 'boy'");
  CHECK(refusal("the") == "expected a subject (boy, girl, man, woman, king or queen) after 'the'");
  CHECK(refusal("the apple eats the boy") ==
        "'apple' cannot be the subject: the subject is boy, girl, man, woman, king or queen");
  CHECK(refusal("the boy eats the girl") ==
        "'girl' cannot be the object: the object is apple, mango, water, song, bread, book, "
        "letter or tea");
  CHECK(refusal("the boy eats") == "expected 'the', 'a' or 'an' after 'the boy eats'");
  CHECK(refusal("the boy eats apple") ==
        "expected 'the', 'a' or 'an' after 'the boy eats', not 'apple'");
  CHECK(refusal("the big red boy eats") ==
        "expected a subject (boy, girl, man, woman, king or queen) after 'the big', not the "
        "adjective 'red'");
  CHECK(refusal("the sweet girl eats an apple") == "'sweet' describes food or drink, not 'girl'");
  CHECK(refusal("the boy wants the sweet song") == "'sweet' describes food or drink, not 'song'");
  CHECK(
      refusal("the boy eats an apple the") ==
      "the sentence is complete after 'the boy eats an apple', but goes on with the article 'the'");
  CHECK(refusal("the boy, eats an apple") ==
        "unexpected character ',' in 'boy,': write English words of letters only");
  CHECK(refusal("the boy eats 2 apples") ==
        "unexpected character '2' in '2': write English words of letters only");
  CHECK(refusal("the café") ==
        "unexpected character 'é' in 'café': write English words of letters only");
  CHECK(refusal("लड़का सेब खाता है") ==
        "unexpected character 'ल' in 'लड़का': write English words of letters only");
}

TEST_CASE("checker: NUL, HTML and control characters are refused", "[translate][checker]") {
  CHECK(refusal(std::string("the boy\0 eats an apple", 22)) ==
        "the sentence contains a NUL character");
  CHECK(refusal(std::string("\0", 1)) == "the sentence contains a NUL character");
  CHECK(refusal("the boy eats\x07 an apple") ==
        "the sentence contains a control character (byte 7)");
  CHECK(refusal("<b>the</b> boy eats an apple") ==
        "unexpected character '<' in '<b>the</b>': write English words of letters only");
  CHECK(refusal("<script>alert(1)</script>") ==
        "unexpected character '<' in '<script>alert(1)</script...': write English words of letters "
        "only");
  CHECK(refusal("the boy eats an &lt;apple&gt;") ==
        "unexpected character '&' in '&lt;apple&gt;': write English words of letters only");
}

TEST_CASE("checker: a pasted page is refused without copying it", "[translate][checker]") {
  std::string page;
  for (int i = 0; i < 10000; ++i) page += "apple ";
  std::string html;
  for (int i = 0; i < 10000; ++i) html += "<p>";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {page, "a sentence has at most 7 words"},
      {std::string(100000, 'x'), "unknown word '" + std::string(24, 'x') + "...'"},
      {html,
       "unexpected character '<' in '<p><p><p><p><p><p><p><p>...': write English words of "
       "letters only"},
      {page + '\0', "the sentence contains a NUL character"},
      {std::string(100000, ' '), "empty sentence"},
  };
  const Grammar& g = grammar();  // built before counting
  for (const auto& [text, expected] : cases) {
    allocated = largest = 0;
    counting = true;
    std::string message;
    try {
      g.encode(text);
    } catch (const std::invalid_argument& e) {
      message = e.what();
    }
    counting = false;
    CHECK(message == expected);
    INFO("bytes allocated: " << allocated << ", largest block: " << largest);
    CHECK(allocated < 2048);  // the inputs are 30,000 to 100,000 bytes
  }
}

TEST_CASE("checker: source ids are checked too", "[translate][checker]") {
  const auto& g = grammar();
  CHECK_THROWS_WITH(g.reference({0, 99}), "source id 99 is not a word (ids are 0 to 31)");
  CHECK_THROWS_WITH(g.reference({-1}), "source id -1 is not a word (ids are 0 to 31)");
  CHECK_THROWS_WITH(g.reference({}), "empty sentence");
  const int the = g.source().id("the"), boy = g.source().id("boy");
  CHECK_THROWS_WITH(g.alignment({the, boy}), "expected a verb after 'the boy'");
}

TEST_CASE("checker: accepts exactly the generated sentences", "[translate][checker]") {
  const auto& g = grammar();
  std::set<std::vector<int>> all;
  for (const auto* set : {&g.training(), &g.held_out()})
    for (const auto& ex : *set) {
      all.insert(ex.source);
      // Each generated sentence, typed back in, is accepted with the same ids and translation.
      REQUIRE(g.encode(g.source_text(ex.source)) == ex.source);
      REQUIRE(g.reference(ex.source) == ex.target);
      REQUIRE(g.alignment(ex.source).size() == ex.target.size());
      REQUIRE(g.target_roles(ex.source).size() == ex.target.size());
      REQUIRE(g.source_roles(ex.source).size() == ex.source.size());
    }
  REQUIRE(all.size() == 44520);

  // Near misses: each slot of a 5-, 6- or 7-word pattern from its own class 9 times in 10,
  // else any word. Accepted exactly when generated; refused with a message otherwise.
  const auto& words = g.source().words;
  const auto cls = [&](const std::string& w) {
    const auto& lex = g.lexicon();
    const auto in = [&](const auto& list) {
      for (const auto& x : list)
        if (x.english == w) return true;
      return false;
    };
    if (w == "the" || w == "a" || w == "an") return 'D';
    if (in(lex.adjectives)) return 'A';
    if (in(lex.subjects)) return 'S';
    if (in(lex.verbs)) return 'V';
    return 'O';
  };
  const std::vector<std::string> patterns = {"DSVDO", "DASVDO", "DSVDAO", "DASVDAO"};
  std::uint64_t state = 12345;
  const auto next = [&](std::uint64_t n) {  // xorshift: reproducible, no library needed
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<std::size_t>(state % n);
  };
  int accepted = 0, refused = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string& pattern = patterns[next(patterns.size())];
    std::vector<int> ids;
    for (char slot : pattern) {
      int id;
      do id = static_cast<int>(next(words.size()));
      while (next(10) != 0 && cls(words[static_cast<std::size_t>(id)]) != slot);
      ids.push_back(id);
    }
    const std::string text = g.source_text(ids);
    INFO(text);
    if (all.count(ids)) {
      REQUIRE(g.encode(text) == ids);
      ++accepted;
    } else {
      REQUIRE_THROWS_AS(g.encode(text), std::invalid_argument);
      ++refused;
    }
  }
  CHECK(accepted > 200);  // both outcomes are exercised (350 and 19,650 with this seed)
  CHECK(refused > 10000);
}
