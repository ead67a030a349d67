// The translator's lexicon: the English and Hindi words of the English -> Hindi grammar, with
// the genders, the objects each verb takes, the nouns each adjective describes and the
// combinations held out of training. Kept as data (content/translation/lexicon.txt, whose
// header describes the format) so a teacher can change the words without touching code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace attn::translate {

enum class Gender { masculine, feminine };

struct HindiWord {
  std::string devanagari;  // Unicode NFC
  std::string roman;       // readable romanisation, shown under the Devanagari
};

struct Noun {
  std::string english;
  HindiWord hindi;
  Gender gender = Gender::masculine;
  std::vector<std::string> kinds;  // "person", "food", ...: what an adjective may ask for
};

struct Verb {
  std::string english;            // third person present: "eats"
  HindiWord masculine, feminine;  // खाता / खाती: the form follows the subject's gender
  std::vector<std::string> objects;  // English object nouns it takes; empty = any
};

struct Adjective {
  std::string english;
  HindiWord masculine, feminine;        // equal when invariable (लाल)
  std::vector<std::string> only_kinds;  // e.g. {"food", "drink"}; empty = any noun
  bool invariable() const { return masculine.devanagari == feminine.devanagari; }
};

// No sentence containing one of these is trained on: a subject-verb-object triple, or an
// adjective describing a noun (as subject or object).
struct HeldOutTriple {
  std::string subject, verb, object;
};
struct HeldOutPair {
  std::string adjective, noun;
};

struct Lexicon {
  std::vector<Noun> subjects, objects;
  std::vector<Verb> verbs;
  std::vector<Adjective> adjectives;
  HindiWord auxiliary;  // है, after the verb
  std::vector<HeldOutTriple> held_out_triples;
  std::vector<HeldOutPair> held_out_pairs;

  bool takes(const Verb& verb, const std::string& object) const;       // verb.objects allows it
  bool describes(const Adjective& adjective, const Noun& noun) const;  // only_kinds allows it
};

// Reads the format of content/translation/lexicon.txt. Throws std::invalid_argument naming the
// line and the problem ("line 12: gender must be 'masculine' or 'feminine', not 'm'").
Lexicon parse_lexicon(std::string_view text);

// The text of content/translation/lexicon.txt, compiled in at build time.
std::string_view default_lexicon_text();
// parse_lexicon(default_lexicon_text()), parsed once.
const Lexicon& default_lexicon();

}  // namespace attn::translate
