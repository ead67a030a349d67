// The English -> Hindi grammar of the translator: every sentence
//   English  the|a [adjective] SUBJECT VERB the|a [adjective] OBJECT
//   Hindi    [adjective] SUBJECT [adjective] OBJECT VERB है
// the lexicon allows, as word ids for the model, split into training and held-out sentences;
// and the checker of a learner's English sentence.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attn/translate/lexicon.hpp"

namespace attn::translate {

struct Vocabulary {
  std::vector<std::string> words;       // id -> word
  std::vector<std::string> roman;       // id -> romanisation (target only; empty for the source)
  int id(std::string_view word) const;  // -1 if absent
  int size() const { return static_cast<int>(words.size()); }
};

// Target ids 0 = <bos>, 1 = <eos>; source ids start at 0 with real words (no padding token:
// the model runs one sentence at a time).
inline constexpr int kBos = 0, kEos = 1;

struct Example {
  std::vector<int> source;  // English word ids, articles included
  std::vector<int> target;  // Hindi word ids ending with kEos (no kBos)
};

class Grammar {
 public:
  // Generates every sentence (deterministically, in the lexicon's order). Throws
  // std::invalid_argument if the held-out combinations leave a word, a subject-verb or
  // verb-object pair, or an adjective form with a gender without any training sentence.
  explicit Grammar(const Lexicon& lexicon);

  const Lexicon& lexicon() const { return lexicon_; }
  const Vocabulary& source() const { return source_; }
  const Vocabulary& target() const { return target_; }
  int max_source_length() const { return max_source_length_; }
  int max_target_length() const { return max_target_length_; }        // counts kEos
  const std::vector<Example>& training() const { return training_; }  // every sentence not held out
  const std::vector<Example>& held_out() const {
    return held_out_;
  }  // every one with a held-out combination

  // Lower-cases and tokenises an English sentence and checks it against the grammar. Throws
  // std::invalid_argument naming the problem: "empty sentence", "unknown word 'cat'", "'a'
  // before 'apple' should be 'an'", "a sentence has at most 7 words", "'drinks' takes water or
  // tea, not 'bread'", "expected a verb after 'the boy'", ... A sentence may end in . ! or ?;
  // other characters (HTML, digits, control characters, non-English letters) are refused. No
  // copy of an over-long input is made.
  std::vector<int> encode(std::string_view english) const;
  // The correct Hindi for grammatical source ids, ending with kEos.
  std::vector<int> reference(const std::vector<int>& source) const;
  // For each target token of reference(source), the source index of the English word it
  // translates; -1 for है and kEos.
  std::vector<int> alignment(const std::vector<int>& source) const;
  // The role of each source word: "article", "adjective", "subject", "verb", "object".
  std::vector<std::string> source_roles(const std::vector<int>& source) const;
  // The role of each target token of reference(source): "adjective", "subject", "object",
  // "verb", "auxiliary", and "end" for kEos.
  std::vector<std::string> target_roles(const std::vector<int>& source) const;
  // Whether a grammatical sentence contains a held-out combination.
  bool is_held_out(const std::vector<int>& source) const;

  std::string source_text(const std::vector<int>& source) const;  // words joined by spaces
  std::string target_text(const std::vector<int>& target) const;  // Devanagari, no <eos>

  // A sentence's structure: lexicon indices, -1 for an absent adjective.
  struct Parse {
    bool subject_the = true;  // "the", else "a"/"an"
    int subject_adjective = -1, subject = -1, verb = -1;
    bool object_the = true;
    int object_adjective = -1, object = -1;
  };
  Parse parse(const std::vector<int>& source) const;  // throws as encode does

 private:
  Parse parse_words(const std::vector<std::string>& words) const;
  Example make(const Parse& p) const;
  bool is_held_out(const Parse& p) const;

  // Each lexicon entry's ids, looked up once: the generator makes every sentence (~45,000).
  struct Ids {
    int source = 0;          // the English word
    int target[2] = {0, 0};  // the Hindi word, masculine and feminine form (a noun's are equal)
    int gender = 0;          // a noun's: 0 masculine, 1 feminine
    bool vowel = false;      // "an", not "a", before it
  };
  std::vector<Ids> adjective_ids_, subject_ids_, verb_ids_, object_ids_;
  int auxiliary_id_ = 0;
  // The held-out combinations as grids of lexicon indices: [s][v][o], [a][s], [a][o].
  std::vector<bool> held_triples_, held_subject_pairs_, held_object_pairs_;

  Lexicon lexicon_;
  Vocabulary source_, target_;
  int max_source_length_ = 0, max_target_length_ = 0;
  std::vector<Example> training_, held_out_;
};

// The grammar of default_lexicon(), built once.
const Grammar& default_grammar();

}  // namespace attn::translate
