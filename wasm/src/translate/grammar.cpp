#include "attn/translate/grammar.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "attn/text.hpp"

namespace attn::translate {

namespace {

constexpr const char* kArticles[] = {"the", "a", "an"};
constexpr int kThe = 0, kA = 1, kAn = 2;  // their source ids
// Longer than any word of a lexicon a person would write: a longer "word" is reported unknown
// from its first bytes, without copying it.
constexpr std::size_t kMaxWordBytes = 40;

[[noreturn]] void refuse(const std::string& problem) { throw std::invalid_argument(problem); }

std::string quoted(std::string_view word) {
  return "'" + shown(std::string(word.substr(0, kMaxWordBytes))) + "'";
}

// "water or tea", "boy, girl or man"
std::string either(const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = 0; i < words.size(); ++i)
    s += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return s;
}

template <class T>
std::vector<std::string> english(const std::vector<T>& list) {
  std::vector<std::string> words;
  for (const auto& x : list) words.push_back(x.english);
  return words;
}

template <class T>
int index_of(const std::vector<T>& list, const std::string& word) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].english == word) return static_cast<int>(i);
  return -1;
}

void add(Vocabulary& v, const std::string& word, const std::string* roman) {
  if (v.id(word) >= 0) return;
  v.words.push_back(word);
  if (roman) v.roman.push_back(*roman);
}

// English "an" before a vowel sound: for this lexicon's words, before a written vowel.
bool starts_with_vowel(const std::string& word) {
  return !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos;
}

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Where each word of a sentence is; -1 for an absent adjective.
struct Positions {
  int subject_adjective = -1, subject = 0, verb = 0, object_adjective = -1, object = 0;
};

Positions positions(const Grammar::Parse& p) {
  Positions q;
  int i = 1;
  if (p.subject_adjective >= 0) q.subject_adjective = i++;
  q.subject = i++;
  q.verb = i++;
  ++i;  // the object's article
  if (p.object_adjective >= 0) q.object_adjective = i++;
  q.object = i;
  return q;
}

}  // namespace

int Vocabulary::id(std::string_view word) const {
  for (std::size_t i = 0; i < words.size(); ++i)
    if (words[i] == word) return static_cast<int>(i);
  return -1;
}

Grammar::Grammar(const Lexicon& lexicon) : lexicon_(lexicon) {
  const std::string bos = "<bos>", eos = "<eos>";
  add(target_, bos, &bos);
  add(target_, eos, &eos);
  for (const char* a : kArticles) add(source_, a, nullptr);
  // Source words in sentence order; target words nouns first, then forms.
  const auto entry = [&](const std::string& english, const HindiWord& masculine,
                         const HindiWord& feminine, Gender gender) {
    Ids ids;
    add(source_, english, nullptr);
    ids.source = source_.id(english);
    add(target_, masculine.devanagari, &masculine.roman);
    add(target_, feminine.devanagari, &feminine.roman);
    ids.target[0] = target_.id(masculine.devanagari);
    ids.target[1] = target_.id(feminine.devanagari);
    ids.gender = gender == Gender::masculine ? 0 : 1;
    ids.vowel = starts_with_vowel(english);
    return ids;
  };
  const auto nouns = [&](const std::vector<Noun>& list, std::vector<Ids>& out) {
    for (const auto& n : list) out.push_back(entry(n.english, n.hindi, n.hindi, n.gender));
  };
  for (const auto& a : lexicon_.adjectives)
    adjective_ids_.push_back(entry(a.english, a.masculine, a.feminine, Gender::masculine));
  nouns(lexicon_.subjects, subject_ids_);
  for (const auto& v : lexicon_.verbs)
    verb_ids_.push_back(entry(v.english, v.masculine, v.feminine, Gender::masculine));
  nouns(lexicon_.objects, object_ids_);
  add(target_, lexicon_.auxiliary.devanagari, &lexicon_.auxiliary.roman);
  auxiliary_id_ = target_.id(lexicon_.auxiliary.devanagari);

  const std::size_t n_adjectives = lexicon_.adjectives.size();
  const std::size_t n_subjects = lexicon_.subjects.size();
  const std::size_t n_verbs = lexicon_.verbs.size();
  const std::size_t n_objects = lexicon_.objects.size();
  held_triples_.assign(n_subjects * n_verbs * n_objects, false);
  held_subject_pairs_.assign(n_adjectives * n_subjects, false);
  held_object_pairs_.assign(n_adjectives * n_objects, false);
  // parse_lexicon checks these names; a Lexicon built in code may not have been through it.
  if (n_subjects == 0 || n_verbs == 0 || n_objects == 0)
    refuse("the lexicon needs at least one subject, one verb and one object");
  const auto index = [](const auto& list, const std::string& word, const char* what) {
    const int i = index_of(list, word);
    if (i < 0) refuse("a held-out combination names '" + word + "', which is not " + what);
    return static_cast<std::size_t>(i);
  };
  for (const auto& t : lexicon_.held_out_triples)
    held_triples_[(index(lexicon_.subjects, t.subject, "a subject") * n_verbs +
                   index(lexicon_.verbs, t.verb, "a verb")) *
                      n_objects +
                  index(lexicon_.objects, t.object, "an object")] = true;
  for (const auto& pair : lexicon_.held_out_pairs) {
    const std::size_t a = index(lexicon_.adjectives, pair.adjective, "an adjective");
    // A word may be both a subject and an object: the pair is held out in both slots.
    const int s = index_of(lexicon_.subjects, pair.noun), o = index_of(lexicon_.objects, pair.noun);
    if (s < 0 && o < 0)
      refuse("a held-out combination names '" + pair.noun + "', which is not a noun");
    if (s >= 0) held_subject_pairs_[a * n_subjects + static_cast<std::size_t>(s)] = true;
    if (o >= 0) held_object_pairs_[a * n_objects + static_cast<std::size_t>(o)] = true;
  }

  // What the training sentences cover, to refuse held-out lists that would hide a rule.
  // A word no sentence can have (मीठी when "sweet" describes no feminine noun, "an" without a
  // vowel) need not be trained: 0 = in no sentence, 1 = held out only, 2 = trained.
  std::vector<int> source_seen(static_cast<std::size_t>(source_.size()));
  std::vector<int> target_seen(static_cast<std::size_t>(target_.size()));
  std::vector<bool> subject_verb(n_subjects * n_verbs), verb_object(n_verbs * n_objects);
  std::vector<bool> adjective_gender_slot(n_adjectives * 4);  // [a][gender][object slot]

  std::vector<std::vector<int>> options;  // per noun (subjects, then objects): -1, adjectives
  for (const auto* list : {&lexicon_.subjects, &lexicon_.objects})
    for (const auto& n : *list) {
      options.push_back({-1});
      for (std::size_t a = 0; a < n_adjectives; ++a)
        if (lexicon_.describes(lexicon_.adjectives[a], n))
          options.back().push_back(static_cast<int>(a));
    }
  for (std::size_t s = 0; s < n_subjects; ++s)
    for (int sa : options[s])
      for (bool s_the : {true, false})
        for (std::size_t v = 0; v < n_verbs; ++v)
          for (std::size_t o = 0; o < n_objects; ++o) {
            if (!lexicon_.takes(lexicon_.verbs[v], lexicon_.objects[o].english)) continue;
            for (int oa : options[n_subjects + o])
              for (bool o_the : {true, false}) {
                const Parse p{s_the, sa, static_cast<int>(s), static_cast<int>(v),
                              o_the, oa, static_cast<int>(o)};
                Example ex = make(p);
                max_source_length_ =
                    std::max(max_source_length_, static_cast<int>(ex.source.size()));
                max_target_length_ =
                    std::max(max_target_length_, static_cast<int>(ex.target.size()));
                const bool held = is_held_out(p);
                for (const auto* ids : {&ex.source, &ex.target})
                  for (int id : *ids) {
                    auto& seen = (ids == &ex.source ? source_seen
                                                    : target_seen)[static_cast<std::size_t>(id)];
                    seen = std::max(seen, held ? 1 : 2);
                  }
                if (held) {
                  held_out_.push_back(std::move(ex));
                  continue;
                }
                subject_verb[s * n_verbs + v] = true;
                verb_object[v * n_objects + o] = true;
                if (sa >= 0)
                  adjective_gender_slot[static_cast<std::size_t>(sa) * 4 +
                                        subject_ids_[s].gender * 2] = true;
                if (oa >= 0)
                  adjective_gender_slot[static_cast<std::size_t>(oa) * 4 +
                                        object_ids_[o].gender * 2 + 1] = true;
                training_.push_back(std::move(ex));
              }
          }

  const std::string unseen = "the held-out combinations leave no training sentence with ";
  for (int id = 0; id < source_.size(); ++id)
    if (source_seen[static_cast<std::size_t>(id)] == 1)
      refuse(unseen + "the word '" + source_.words[static_cast<std::size_t>(id)] + "'");
  for (int id = kEos + 1; id < target_.size(); ++id)
    if (target_seen[static_cast<std::size_t>(id)] == 1)
      refuse(unseen + "the word " + target_.words[static_cast<std::size_t>(id)] + " (" +
             target_.roman[static_cast<std::size_t>(id)] + ")");
  for (std::size_t s = 0; s < n_subjects; ++s)
    for (std::size_t v = 0; v < n_verbs; ++v)
      if (!subject_verb[s * n_verbs + v])
        refuse(unseen + "'" + lexicon_.subjects[s].english + "' and '" + lexicon_.verbs[v].english +
               "'");
  for (std::size_t v = 0; v < n_verbs; ++v)
    for (std::size_t o = 0; o < n_objects; ++o)
      if (lexicon_.takes(lexicon_.verbs[v], lexicon_.objects[o].english) &&
          !verb_object[v * n_objects + o])
        refuse(unseen + "'" + lexicon_.verbs[v].english + "' and '" + lexicon_.objects[o].english +
               "'");
  for (std::size_t a = 0; a < n_adjectives; ++a)
    for (bool object_slot : {false, true}) {
      const auto& list = object_slot ? lexicon_.objects : lexicon_.subjects;
      const auto& ids = object_slot ? object_ids_ : subject_ids_;
      for (std::size_t n = 0; n < list.size(); ++n)
        if (lexicon_.describes(lexicon_.adjectives[a], list[n]) &&
            !adjective_gender_slot[a * 4 + ids[n].gender * 2 + object_slot])
          refuse(unseen + "'" + lexicon_.adjectives[a].english + "' describing a " +
                 (ids[n].gender == 0 ? "masculine " : "feminine ") +
                 (object_slot ? "object" : "subject"));
    }
}

Example Grammar::make(const Parse& p) const {
  const auto at = [](const std::vector<Ids>& list, int i) -> const Ids& {
    return list[static_cast<std::size_t>(i)];
  };
  const Ids& subject = at(subject_ids_, p.subject);
  const Ids& object = at(object_ids_, p.object);
  const auto article = [&](bool the, int a, const Ids& noun) {
    if (the) return kThe;
    return (a >= 0 ? at(adjective_ids_, a).vowel : noun.vowel) ? kAn : kA;
  };
  Example ex;
  ex.source.reserve(7);
  ex.target.reserve(7);
  ex.source.push_back(article(p.subject_the, p.subject_adjective, subject));
  if (p.subject_adjective >= 0) ex.source.push_back(at(adjective_ids_, p.subject_adjective).source);
  ex.source.push_back(subject.source);
  ex.source.push_back(at(verb_ids_, p.verb).source);
  ex.source.push_back(article(p.object_the, p.object_adjective, object));
  if (p.object_adjective >= 0) ex.source.push_back(at(adjective_ids_, p.object_adjective).source);
  ex.source.push_back(object.source);

  // Each adjective takes its own noun's gender; the verb takes the subject's.
  if (p.subject_adjective >= 0)
    ex.target.push_back(at(adjective_ids_, p.subject_adjective).target[subject.gender]);
  ex.target.push_back(subject.target[0]);
  if (p.object_adjective >= 0)
    ex.target.push_back(at(adjective_ids_, p.object_adjective).target[object.gender]);
  ex.target.push_back(object.target[0]);
  ex.target.push_back(at(verb_ids_, p.verb).target[subject.gender]);
  ex.target.push_back(auxiliary_id_);
  ex.target.push_back(kEos);
  return ex;
}

bool Grammar::is_held_out(const Parse& p) const {
  const auto s = static_cast<std::size_t>(p.subject), v = static_cast<std::size_t>(p.verb),
             o = static_cast<std::size_t>(p.object);
  const std::size_t n_subjects = subject_ids_.size(), n_objects = object_ids_.size();
  return held_triples_[(s * verb_ids_.size() + v) * n_objects + o] ||
         (p.subject_adjective >= 0 &&
          held_subject_pairs_[static_cast<std::size_t>(p.subject_adjective) * n_subjects + s]) ||
         (p.object_adjective >= 0 &&
          held_object_pairs_[static_cast<std::size_t>(p.object_adjective) * n_objects + o]);
}

bool Grammar::is_held_out(const std::vector<int>& source) const {
  return is_held_out(parse(source));
}

Grammar::Parse Grammar::parse_words(const std::vector<std::string>& words) const {
  const std::size_t n = words.size();
  if (n == 0) refuse("empty sentence");
  const auto so_far = [&](std::size_t count) {
    std::string s;
    for (std::size_t i = 0; i < count; ++i) s += (i == 0 ? "" : " ") + words[i];
    return "'" + s + "'";
  };
  const auto is_article = [&](std::size_t i) {
    return words[i] == "the" || words[i] == "a" || words[i] == "an";
  };
  const auto what = [&](const std::string& w) -> std::string {  // the class of a known word
    if (w == "the" || w == "a" || w == "an") return "the article '" + w + "'";
    if (index_of(lexicon_.verbs, w) >= 0) return "the verb '" + w + "'";
    if (index_of(lexicon_.adjectives, w) >= 0) return "the adjective '" + w + "'";
    return "'" + w + "'";
  };

  Parse p;
  std::size_t i = 0;
  // One noun phrase: article, optional adjective, noun. Returns the noun's lexicon index.
  const auto phrase = [&](bool subject, bool& the, int& adjective_index) {
    const std::vector<Noun>& nouns = subject ? lexicon_.subjects : lexicon_.objects;
    const std::string role = subject ? "subject" : "object";
    const std::string list = either(english(nouns));
    if (i == n) refuse("expected 'the', 'a' or 'an' after " + so_far(i));
    if (!is_article(i)) {
      if (i == 0) refuse("a sentence starts with 'the', 'a' or 'an', not " + what(words[i]));
      refuse("expected 'the', 'a' or 'an' after " + so_far(i) + ", not " + what(words[i]));
    }
    const std::size_t article = i++;
    the = words[article] == "the";
    adjective_index = -1;
    if (i < n) adjective_index = index_of(lexicon_.adjectives, words[i]);
    if (adjective_index >= 0) ++i;
    if (i == n) refuse("expected a " + role + " (" + list + ") after " + so_far(i));
    const int noun = index_of(nouns, words[i]);
    if (noun < 0) {
      const auto& others = subject ? lexicon_.objects : lexicon_.subjects;
      if (index_of(others, words[i]) >= 0)
        refuse("'" + words[i] + "' cannot be the " + role + ": the " + role + " is " + list);
      refuse("expected a " + role + " (" + list + ") after " + so_far(i) + ", not " +
             what(words[i]));
    }
    if (!the) {
      const std::string& next = words[article + 1];
      const bool vowel = starts_with_vowel(next);
      if (words[article] == "a" && vowel) refuse("'a' before '" + next + "' should be 'an'");
      if (words[article] == "an" && !vowel) refuse("'an' before '" + next + "' should be 'a'");
    }
    if (adjective_index >= 0) {
      const Adjective& a = lexicon_.adjectives[static_cast<std::size_t>(adjective_index)];
      if (!lexicon_.describes(a, nouns[static_cast<std::size_t>(noun)]))
        refuse("'" + a.english + "' describes " + either(a.only_kinds) + ", not '" + words[i] +
               "'");
    }
    ++i;
    return noun;
  };

  p.subject = phrase(true, p.subject_the, p.subject_adjective);
  if (i == n) refuse("expected a verb after " + so_far(i));
  p.verb = index_of(lexicon_.verbs, words[i]);
  if (p.verb < 0) refuse("expected a verb after " + so_far(i) + ", not " + what(words[i]));
  ++i;
  p.object = phrase(false, p.object_the, p.object_adjective);
  const Verb& verb = lexicon_.verbs[static_cast<std::size_t>(p.verb)];
  const std::string& object = lexicon_.objects[static_cast<std::size_t>(p.object)].english;
  if (!lexicon_.takes(verb, object))
    refuse("'" + verb.english + "' takes " + either(verb.objects) + ", not '" + object + "'");
  if (i < n)
    refuse("the sentence is complete after " + so_far(i) + ", but goes on with " + what(words[i]));
  return p;
}

std::vector<int> Grammar::encode(std::string_view text) const {
  if (text.find('\0') != std::string_view::npos) refuse("the sentence contains a NUL character");
  for (char ch : text)
    if ((static_cast<unsigned char>(ch) < 0x20 && !is_space(ch)) || ch == 0x7f)
      refuse("the sentence contains a control character (byte " +
             std::to_string(static_cast<unsigned char>(ch)) + ")");
  // A final . ! or ? (or several) ends a sentence; punctuation anywhere else is refused below.
  while (!text.empty() &&
         (is_space(text.back()) || text.back() == '.' || text.back() == '!' || text.back() == '?'))
    text.remove_suffix(1);

  // Views into the text, at most one word past the limit: a pasted page is refused after
  // reading max_source_length() + 1 words, without a copy.
  const auto max_words = static_cast<std::size_t>(max_source_length_);
  std::vector<std::string_view> raw;
  raw.reserve(max_words + 1);
  for (std::size_t i = 0; i < text.size() && raw.size() <= max_words;) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) raw.push_back(text.substr(start, i - start));
  }
  if (raw.empty()) refuse("empty sentence");
  if (raw.size() > max_words)
    refuse("a sentence has at most " + std::to_string(max_words) + " words");

  std::vector<std::string> words;
  for (std::string_view w : raw) {
    for (std::size_t k = 0; k < w.size(); ++k) {
      const auto c = static_cast<unsigned char>(w[k]);
      if (std::isalpha(c) && c < 0x80) continue;
      // The whole UTF-8 character, for a message that shows it ('é', 'ल', '<').
      const std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      refuse("unexpected character '" + shown(std::string(w.substr(k, len))) + "' in " + quoted(w) +
             ": write English words of letters only");
    }
    if (w.size() > kMaxWordBytes) refuse("unknown word " + quoted(w));
    std::string lower(w);
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (source_.id(lower) < 0) refuse("unknown word " + quoted(lower));
    words.push_back(std::move(lower));
  }
  parse_words(words);  // throws if the words do not make a sentence of the grammar
  std::vector<int> ids;
  for (const auto& w : words) ids.push_back(source_.id(w));
  return ids;
}

Grammar::Parse Grammar::parse(const std::vector<int>& source) const {
  std::vector<std::string> words;
  for (int id : source) {
    if (id < 0 || id >= source_.size())
      refuse("source id " + std::to_string(id) + " is not a word (ids are 0 to " +
             std::to_string(source_.size() - 1) + ")");
    words.push_back(source_.words[static_cast<std::size_t>(id)]);
  }
  return parse_words(words);
}

std::vector<int> Grammar::reference(const std::vector<int>& source) const {
  return make(parse(source)).target;
}

std::vector<int> Grammar::alignment(const std::vector<int>& source) const {
  const Parse p = parse(source);
  const Positions q = positions(p);
  std::vector<int> out;
  if (q.subject_adjective >= 0) out.push_back(q.subject_adjective);
  out.push_back(q.subject);
  if (q.object_adjective >= 0) out.push_back(q.object_adjective);
  out.push_back(q.object);
  out.push_back(q.verb);
  out.push_back(-1);  // है
  out.push_back(-1);  // kEos
  return out;
}

std::vector<std::string> Grammar::source_roles(const std::vector<int>& source) const {
  const Parse p = parse(source);
  std::vector<std::string> out = {"article"};
  if (p.subject_adjective >= 0) out.push_back("adjective");
  out.insert(out.end(), {"subject", "verb", "article"});
  if (p.object_adjective >= 0) out.push_back("adjective");
  out.push_back("object");
  return out;
}

std::vector<std::string> Grammar::target_roles(const std::vector<int>& source) const {
  const Parse p = parse(source);
  std::vector<std::string> out;
  if (p.subject_adjective >= 0) out.push_back("adjective");
  out.push_back("subject");
  if (p.object_adjective >= 0) out.push_back("adjective");
  out.insert(out.end(), {"object", "verb", "auxiliary", "end"});
  return out;
}

std::string Grammar::source_text(const std::vector<int>& source) const {
  std::string s;
  for (int id : source)
    s += (s.empty() ? "" : " ") + source_.words.at(static_cast<std::size_t>(id));
  return s;
}

std::string Grammar::target_text(const std::vector<int>& target) const {
  std::string s;
  for (int id : target)
    if (id != kBos && id != kEos)
      s += (s.empty() ? "" : " ") + target_.words.at(static_cast<std::size_t>(id));
  return s;
}

const Grammar& default_grammar() {
  static const Grammar grammar(default_lexicon());
  return grammar;
}

}  // namespace attn::translate
