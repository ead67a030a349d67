// The lexicon file: the default lexicon's words and spellings, and the parser's refusals of a
// malformed file, each naming its line.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/translate/grammar.hpp"
#include "attn/translate/lexicon.hpp"

using namespace attn::translate;

namespace {

// A small lexicon, one entry per line (line numbers below count from 1).
const std::vector<std::string> kSmall = {
    "# a small lexicon",                                      // 1
    "auxiliary  है hai",                                       // 2
    "subject boy  लड़का laṛkā masculine person",               // 3
    "subject girl लड़की laṛkī feminine person   # a comment",  // 4
    "object apple सेब seb masculine food",                     // 5
    "object book  किताब kitāb feminine text",                 // 6
    "verb eats खाता khātā खाती khātī takes apple",            // 7
    "verb sees देखता dekhtā देखती dekhtī takes any",            // 8
    "adjective big बड़ा baṛā बड़ी baṛī describes any",          // 9
    "adjective sweet मीठा mīṭhā मीठी mīṭhī describes food",   // 10
    "adjective red लाल lāl describes any",                    // 11
    "",                                                       // 12
    "held-out girl sees apple",                               // 13
};

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

// The small lexicon with line `number` replaced (or removed, for an empty replacement).
std::string with_line(int number, const std::string& line) {
  auto lines = kSmall;
  lines[static_cast<std::size_t>(number - 1)] = line;
  return join(lines);
}

std::string problem(const std::string& text) {
  try {
    parse_lexicon(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

// UTF-8 of code points, to state spellings independently of how this file's literals are
// normalised.
std::string utf8(std::initializer_list<char32_t> cps) {
  std::string s;
  for (char32_t c : cps) {
    if (c < 0x80) {
      s += static_cast<char>(c);
    } else if (c < 0x800) {
      s += static_cast<char>(0xC0 | (c >> 6));
      s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      s += static_cast<char>(0xE0 | (c >> 12));
      s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return s;
}

}  // namespace

TEST_CASE("lexicon: the small lexicon parses, comments and blank lines ignored",
          "[translate][lexicon]") {
  const Lexicon lex = parse_lexicon(join(kSmall));
  CHECK(lex.auxiliary.devanagari == "है");
  CHECK(lex.auxiliary.roman == "hai");
  REQUIRE(lex.subjects.size() == 2);
  CHECK(lex.subjects[1].english == "girl");
  CHECK(lex.subjects[1].hindi.roman == "laṛkī");
  CHECK(lex.subjects[1].gender == Gender::feminine);
  CHECK(lex.subjects[1].kinds == std::vector<std::string>{"person"});
  REQUIRE(lex.verbs.size() == 2);
  CHECK(lex.verbs[0].objects == std::vector<std::string>{"apple"});
  CHECK(lex.verbs[1].objects.empty());  // any
  CHECK(lex.verbs[0].feminine.devanagari == "खाती");
  REQUIRE(lex.adjectives.size() == 3);
  CHECK_FALSE(lex.adjectives[0].invariable());
  CHECK(lex.adjectives[1].only_kinds == std::vector<std::string>{"food"});
  CHECK(lex.adjectives[2].invariable());
  CHECK(lex.adjectives[2].feminine.roman == "lāl");
  REQUIRE(lex.held_out_triples.size() == 1);
  CHECK(lex.held_out_triples[0].object == "apple");
  CHECK(lex.held_out_pairs.empty());
  CHECK(lex.takes(lex.verbs[0], "apple"));
  CHECK_FALSE(lex.takes(lex.verbs[0], "book"));
  CHECK(lex.describes(lex.adjectives[1], lex.objects[0]));
  CHECK_FALSE(lex.describes(lex.adjectives[1], lex.objects[1]));
  // Windows line ends read the same.
  std::string crlf;
  for (const auto& l : kSmall) crlf += l + "\r\n";
  CHECK(parse_lexicon(crlf).verbs[1].feminine.roman == "dekhtī");

  // Sentences: subject phrases 2 x 2 articles x (none, big, red) = 12; object phrases: eats
  // apple 2 x 4 (sweet too) = 8, sees apple 8 + book 2 x 3 = 6: 22. 12 x 22 = 264, of which
  // "girl sees apple" 6 x 8 = 48 are held out.
  const Grammar g(lex);
  CHECK(g.training().size() == 216);
  CHECK(g.held_out().size() == 48);
}

TEST_CASE("lexicon: a malformed file is refused, naming the line", "[translate][lexicon]") {
  CHECK(problem(with_line(3, "subjekt boy लड़का laṛkā masculine person")) ==
        "line 3: unknown entry 'subjekt': a line starts with auxiliary, subject, object, verb, "
        "adjective or held-out");
  CHECK(problem(with_line(3, "subject boy लड़का laṛkā m person")) ==
        "line 3: gender must be 'masculine' or 'feminine', not 'm'");
  CHECK(problem(with_line(3, "subject boy laṛkā लड़का masculine person")) ==
        "line 3: 'laṛkā' should be Devanagari, but has U+006C (is the romanisation in the wrong "
        "field?)");
  CHECK(problem(with_line(5, "object apple सेब सेब masculine food")) ==
        "line 5: 'सेब' should be the romanisation, but has Devanagari (is the Hindi word in the "
        "wrong field?)");
  CHECK(problem(with_line(3, "subject Boy लड़का laṛkā masculine person")) ==
        "line 3: 'Boy' should be an English word in lower-case letters a-z");
  CHECK(problem(with_line(3, "subject boy लड़का laṛkā")) ==
        "line 3: expected subject ENGLISH HINDI ROMAN masculine|feminine KIND...");
  CHECK(problem(with_line(4, "subject boy लड़की laṛkī feminine person")) ==
        "line 4: 'boy' is already a subject (line 3)");
  CHECK(problem(with_line(11, "adjective eats लाल lāl describes any")) ==
        "line 11: 'eats' is already a verb (line 7)");
  CHECK(problem(with_line(11, "adjective an लाल lāl describes any")) ==
        "line 11: 'an' is an article: the grammar adds the articles itself");
  CHECK(problem(with_line(7, "verb eats खाता khātā खाती khātī takes pear")) ==
        "line 7: 'eats' takes 'pear', which is not an object (apple, book)");
  CHECK(problem(with_line(7, "verb eats खाता khātā खाती khātī eats apple")) ==
        "line 7: expected 'takes' followed by 'any' or the objects");
  CHECK(problem(with_line(7, "verb eats खाता khātā खाती khātī takes")) ==
        "line 7: 'takes' needs 'any' or at least one of the objects");
  CHECK(problem(with_line(7, "verb eats खाता khātā takes apple")) ==
        "line 7: expected verb ENGLISH MASCULINE ROMAN FEMININE ROMAN takes any|OBJECT...");
  CHECK(problem(with_line(7, "verb eats खाता khātā खाती khātī takes any apple")) ==
        "line 7: 'any' must stand alone after 'takes'");
  CHECK(problem(with_line(10, "adjective sweet मीठा mīṭhā मीठी mīṭhī describes drink")) ==
        "line 10: 'sweet' describes 'drink', a kind no noun has");
  CHECK(problem(with_line(10, "adjective sweet मीठा mīṭhā मीठी describes food")) ==
        "line 10: expected adjective ENGLISH MASCULINE ROMAN [FEMININE ROMAN] describes "
        "any|KIND...");
  CHECK(problem(with_line(11, "adjective red लाल lāl लाल lāl describes any")) ==
        "line 11: both forms are 'लाल': write an invariable adjective's form once");
  CHECK(problem(with_line(2, "# no auxiliary")) == "line 14: the file has no auxiliary (है hai)");
  CHECK(problem(with_line(12, "auxiliary है hai")) ==
        "line 12: a second auxiliary (the first is on line 2)");
  CHECK(problem(with_line(13, "held-out girl drinks apple")) ==
        "line 13: held-out triple: 'drinks' is not a verb");
  CHECK(problem(with_line(13, "held-out apple sees girl")) ==
        "line 13: held-out triple: 'apple' is not a subject (boy, girl)");
  CHECK(problem(with_line(13, "held-out girl eats book")) ==
        "line 13: held-out triple: 'eats' does not take 'book', so no sentence has this triple");
  CHECK(problem(with_line(13, "held-out sweet book")) ==
        "line 13: held-out pair: 'sweet' does not describe 'book', so no sentence has this pair");
  CHECK(problem(with_line(13, "held-out big cat")) ==
        "line 13: held-out pair: 'cat' is not a noun");
  CHECK(problem(with_line(13, "held-out big")) ==
        "line 13: expected held-out SUBJECT VERB OBJECT or held-out ADJECTIVE NOUN");
  CHECK(problem(with_line(12, "held-out girl sees apple")) ==
        "line 13: this triple is already held out");
  CHECK(problem(with_line(12, "verb\x01 x")) ==
        "line 12: a control character (byte 1) in the line");
  CHECK(problem(with_line(12, "# caf\xE9 in Latin-1")) ==
        "line 12: the file is not UTF-8 text (byte 6)");
  CHECK(problem("") == "line 1: the file has no auxiliary (है hai)");
}

TEST_CASE("lexicon: Devanagari must be NFC, the nukta as its own code point",
          "[translate][lexicon]") {
  // ड़ precomposed (U+095C) is excluded from composition: NFC is ड (U+0921) + nukta (U+093C).
  const std::string precomposed = utf8({0x0932, 0x095C, 0x0915, 0x093E});
  CHECK(problem(with_line(3, "subject boy " + precomposed + " laṛkā masculine person")) ==
        "line 3: '" + precomposed +
            "' is not in Unicode NFC: write U+095C as the letter followed by the nukta U+093C");
  // ऩ is the other way round: NFC composes न + nukta into U+0929.
  const std::string decomposed = utf8({0x0928, 0x093C});
  CHECK(problem(with_line(3, "subject boy " + decomposed + " x masculine person")) ==
        "line 3: '" + decomposed +
            "' is not in Unicode NFC: the letter U+0928 with the nukta U+093C is one precomposed "
            "letter");
}

TEST_CASE("lexicon: the default lexicon, spelled code point by code point",
          "[translate][lexicon]") {
  const Lexicon& lex = default_lexicon();
  REQUIRE(lex.subjects.size() == 6);
  REQUIRE(lex.objects.size() == 8);
  REQUIRE(lex.verbs.size() == 8);
  REQUIRE(lex.adjectives.size() == 7);
  CHECK(lex.auxiliary.devanagari == utf8({0x0939, 0x0948}));  // है

  const auto noun = [&](const std::string& english) -> const Noun& {
    for (const auto* list : {&lex.subjects, &lex.objects})
      for (const auto& n : *list)
        if (n.english == english) return n;
    throw std::logic_error("no noun " + english);
  };
  const auto m = Gender::masculine, f = Gender::feminine;
  struct Expected {
    const char* english;
    std::string devanagari;
    Gender gender;
  };
  const std::vector<Expected> nouns = {
      {"boy", utf8({0x0932, 0x0921, 0x093C, 0x0915, 0x093E}), m},   // लड़का, ड + nukta
      {"girl", utf8({0x0932, 0x0921, 0x093C, 0x0915, 0x0940}), f},  // लड़की
      {"man", utf8({0x0906, 0x0926, 0x092E, 0x0940}), m},           // आदमी
      {"woman", utf8({0x0914, 0x0930, 0x0924}), f},                 // औरत
      {"king", utf8({0x0930, 0x093E, 0x091C, 0x093E}), m},          // राजा
      {"queen", utf8({0x0930, 0x093E, 0x0928, 0x0940}), f},         // रानी
      {"apple", utf8({0x0938, 0x0947, 0x092C}), m},                 // सेब
      {"mango", utf8({0x0906, 0x092E}), m},                         // आम
      {"water", utf8({0x092A, 0x093E, 0x0928, 0x0940}), m},         // पानी
      {"song", utf8({0x0917, 0x093E, 0x0928, 0x093E}), m},          // गाना
      {"bread", utf8({0x0930, 0x094B, 0x091F, 0x0940}), f},         // रोटी
      {"book", utf8({0x0915, 0x093F, 0x0924, 0x093E, 0x092C}), f},  // किताब
      {"letter", utf8({0x091A, 0x093F, 0x091F, 0x094D, 0x0920, 0x0940}), f},  // चिट्ठी
      {"tea", utf8({0x091A, 0x093E, 0x092F}), f},                             // चाय
  };
  for (const auto& e : nouns) {
    INFO(e.english);
    CHECK(noun(e.english).hindi.devanagari == e.devanagari);
    CHECK(noun(e.english).gender == e.gender);
  }

  // Verbs: the stem, then ता (U+0924 U+093E) or ती (U+0924 U+0940).
  const std::vector<std::pair<const char*, std::string>> stems = {
      {"eats", utf8({0x0916, 0x093E})},                          // खा
      {"drinks", utf8({0x092A, 0x0940})},                        // पी
      {"reads", utf8({0x092A, 0x0922, 0x093C})},                 // पढ़, ढ + nukta
      {"writes", utf8({0x0932, 0x093F, 0x0916})},                // लिख
      {"sings", utf8({0x0917, 0x093E})},                         // गा
      {"buys", utf8({0x0916, 0x093C, 0x0930, 0x0940, 0x0926})},  // ख़रीद, ख + nukta
      {"sees", utf8({0x0926, 0x0947, 0x0916})},                  // देख
      {"wants", utf8({0x091A, 0x093E, 0x0939})},                 // चाह
  };
  const std::vector<std::vector<std::string>> objects = {{"apple", "mango", "bread"},
                                                         {"water", "tea"},
                                                         {"book", "letter"},
                                                         {"book", "letter", "song"},
                                                         {"song"},
                                                         {},
                                                         {},
                                                         {}};
  for (std::size_t i = 0; i < stems.size(); ++i) {
    const Verb& v = lex.verbs[i];
    INFO(v.english);
    CHECK(v.english == stems[i].first);
    CHECK(v.masculine.devanagari == stems[i].second + utf8({0x0924, 0x093E}));
    CHECK(v.feminine.devanagari == stems[i].second + utf8({0x0924, 0x0940}));
    CHECK(v.objects == objects[i]);
  }

  struct Adj {
    const char* english;
    std::string masculine, feminine;
  };
  const std::vector<Adj> adjectives = {
      {"big", utf8({0x092C, 0x0921, 0x093C, 0x093E}), utf8({0x092C, 0x0921, 0x093C, 0x0940})},
      {"small", utf8({0x091B, 0x094B, 0x091F, 0x093E}), utf8({0x091B, 0x094B, 0x091F, 0x0940})},
      {"good", utf8({0x0905, 0x091A, 0x094D, 0x091B, 0x093E}),
       utf8({0x0905, 0x091A, 0x094D, 0x091B, 0x0940})},
      {"new", utf8({0x0928, 0x092F, 0x093E}), utf8({0x0928, 0x0908})},  // नया, नई
      {"sweet", utf8({0x092E, 0x0940, 0x0920, 0x093E}), utf8({0x092E, 0x0940, 0x0920, 0x0940})},
      {"red", utf8({0x0932, 0x093E, 0x0932}), utf8({0x0932, 0x093E, 0x0932})},  // लाल
      {"beautiful", utf8({0x0938, 0x0941, 0x0902, 0x0926, 0x0930}),
       utf8({0x0938, 0x0941, 0x0902, 0x0926, 0x0930})},  // सुंदर
  };
  for (std::size_t i = 0; i < adjectives.size(); ++i) {
    const Adjective& a = lex.adjectives[i];
    INFO(a.english);
    CHECK(a.english == adjectives[i].english);
    CHECK(a.masculine.devanagari == adjectives[i].masculine);
    CHECK(a.feminine.devanagari == adjectives[i].feminine);
    CHECK(a.only_kinds == (a.english == std::string("sweet")
                               ? std::vector<std::string>{"food", "drink"}
                               : std::vector<std::string>{}));
  }
}

TEST_CASE("lexicon: damaged files are refused with a message, never anything worse",
          "[translate][lexicon]") {
  // Seeded edits of both lexicons: a byte replaced (by a space, '#', a letter, a NUL, 0xE0, a
  // nukta's first byte), a line dropped or doubled, two fields swapped. Each result either
  // parses or throws std::invalid_argument naming a line; a small one that parses also
  // generates its sentences or refuses its held-out list with std::invalid_argument.
  std::uint64_t state = 2024;
  const auto next = [&](std::size_t n) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<std::size_t>(state % n);
  };
  const std::string small = join(kSmall);
  const std::string full(default_lexicon_text());
  int parsed = 0, refused = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const bool is_small = trial % 2 == 0;
    std::string text = is_small ? small : full;
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    const std::size_t l = next(lines.size());
    switch (next(4)) {
      case 0: {
        if (lines[l].empty()) break;
        const char bytes[] = {' ', '#', 'x', '\0', '\xE0', '\xE0'};
        lines[l][next(lines[l].size())] = bytes[next(sizeof bytes)];
        break;
      }
      case 1:
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(l));
        break;
      case 2:
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(l), lines[l]);
        break;
      default: {
        std::vector<std::string> f;
        std::size_t i = 0;
        while (i < lines[l].size()) {
          const std::size_t j = std::min(lines[l].find(' ', i), lines[l].size());
          if (j > i) f.push_back(lines[l].substr(i, j - i));
          i = j + 1;
        }
        if (f.size() >= 2) std::swap(f[next(f.size())], f[next(f.size())]);
        lines[l].clear();
        for (const auto& w : f) lines[l] += w + " ";
      }
    }
    text.clear();
    for (const auto& line : lines) text += line + "\n";
    INFO(text);
    try {
      const Lexicon lex = parse_lexicon(text);
      ++parsed;
      if (is_small) {
        try {
          const Grammar g(lex);
          CHECK(g.training().size() + g.held_out().size() > 0);
        } catch (const std::invalid_argument& e) {
          CHECK_THAT(e.what(), Catch::Matchers::StartsWith("the held-out combinations leave"));
        }
      }
    } catch (const std::invalid_argument& e) {
      REQUIRE_THAT(e.what(), Catch::Matchers::StartsWith("line "));
      ++refused;
    }
  }
  INFO("parsed " << parsed << ", refused " << refused);
  CHECK(parsed > 300);  // both outcomes are common (1,288 and 1,712 with this seed)
  CHECK(refused > 300);
}
