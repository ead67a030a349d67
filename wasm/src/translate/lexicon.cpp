#include "attn/translate/lexicon.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "attn/text.hpp"

namespace attn::translate {

namespace {

[[noreturn]] void fail(int line, const std::string& problem) {
  throw std::invalid_argument("line " + std::to_string(line) + ": " + problem);
}

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// The code points of a line; throws at bytes that are not UTF-8 (a file saved in another
// encoding would otherwise put mojibake on the page).
std::vector<char32_t> decode_utf8(std::string_view s, int line) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80           ? 1
                  : (b >> 5) == 0x6  ? 2
                  : (b >> 4) == 0xE  ? 3
                  : (b >> 3) == 0x1E ? 4
                                     : 0;
    if (n == 0 || i + n > s.size())
      fail(line, "the file is not UTF-8 text (byte " + std::to_string(i + 1) + ")");
    char32_t c = n == 1 ? b : b & (0x7F >> n);
    for (int k = 1; k < n; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80)
        fail(line, "the file is not UTF-8 text (byte " + std::to_string(i + 1) + ")");
      c = (c << 6) | (cont & 0x3F);
    }
    out.push_back(c);
    i += n;
  }
  return out;
}

bool is_devanagari(char32_t c) { return c >= 0x0900 && c <= 0x097F; }

std::string hex(char32_t c) {
  const char* digits = "0123456789ABCDEF";
  std::string s = "U+";
  for (int shift = 12; shift >= 0; shift -= 4) s += digits[(c >> shift) & 0xF];
  return s;
}

// Devanagari in NFC, the form the page compares and the font shapes. The nukta is where
// spellings split: U+0958-U+095F (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) are excluded from composition, so NFC
// writes the letter followed by U+093C; the opposite holds for ऩ ऱ ऴ, which NFC composes.
void require_hindi(const std::string& word, int line) {
  const auto cps = decode_utf8(word, line);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    if (!is_devanagari(c))
      fail(line, "'" + shown(word) + "' should be Devanagari, but has " + hex(c) +
                     " (is the romanisation in the wrong field?)");
    if (c >= 0x0958 && c <= 0x095F)
      fail(line, "'" + shown(word) + "' is not in Unicode NFC: write " + hex(c) +
                     " as the letter followed by the nukta U+093C");
    if (c == 0x093C && i > 0 &&
        (cps[i - 1] == 0x0928 || cps[i - 1] == 0x0930 || cps[i - 1] == 0x0933))
      fail(line, "'" + shown(word) + "' is not in Unicode NFC: the letter " + hex(cps[i - 1]) +
                     " with the nukta U+093C is one precomposed letter");
    if (c == 0x093C && i > 0 && cps[i - 1] == 0x094D)
      fail(line, "'" + shown(word) +
                     "' is not in Unicode NFC: the nukta U+093C comes before the virama U+094D");
  }
}

void require_roman(const std::string& word, int line) {
  for (char32_t c : decode_utf8(word, line))
    if (is_devanagari(c))
      fail(line, "'" + shown(word) +
                     "' should be the romanisation, but has Devanagari (is the Hindi word in the "
                     "wrong field?)");
}

void require_english(const std::string& word, int line) {
  const bool letters = !word.empty() && std::all_of(word.begin(), word.end(),
                                                    [](char ch) { return ch >= 'a' && ch <= 'z'; });
  if (!letters)
    fail(line, "'" + shown(word) + "' should be an English word in lower-case letters a-z");
  if (word == "the" || word == "a" || word == "an")
    fail(line, "'" + word + "' is an article: the grammar adds the articles itself");
}

Gender gender(const std::string& field, int line) {
  if (field == "masculine") return Gender::masculine;
  if (field == "feminine") return Gender::feminine;
  fail(line, "gender must be 'masculine' or 'feminine', not '" + shown(field) + "'");
}

// The fields of one entry, without its comment; where each came from, for later checks.
struct Entry {
  int line;
  std::vector<std::string> fields;
};

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) fields.emplace_back(line.substr(start, i - start));
  }
  return fields;
}

HindiWord hindi(const std::string& devanagari, const std::string& roman, int line) {
  require_hindi(devanagari, line);
  require_roman(roman, line);
  return {devanagari, roman};
}

// Everything after `keyword` in fields[from...]: "any" alone means no restriction (empty).
std::vector<std::string> list_after(const Entry& e, std::size_t from, const char* keyword,
                                    const char* what) {
  if (from >= e.fields.size() || e.fields[from] != keyword)
    fail(e.line, std::string("expected '") + keyword + "' followed by 'any' or the " + what);
  std::vector<std::string> list(e.fields.begin() + static_cast<std::ptrdiff_t>(from) + 1,
                                e.fields.end());
  if (list.empty())
    fail(e.line, std::string("'") + keyword + "' needs 'any' or at least one of the " + what);
  if (list.size() == 1 && list[0] == "any") return {};
  for (const auto& w : list) {
    if (w == "any") fail(e.line, "'any' must stand alone after '" + std::string(keyword) + "'");
    require_english(w, e.line);
    if (std::count(list.begin(), list.end(), w) > 1) fail(e.line, "'" + w + "' is listed twice");
  }
  return list;
}

class Parser {
 public:
  Lexicon parse(std::string_view text) {
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      std::string_view line = text.substr(start, end - start);
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      for (char ch : line)
        if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\t') || ch == 0x7f)
          fail(number, "a control character (byte " +
                           std::to_string(static_cast<unsigned char>(ch)) + ") in the line");
      decode_utf8(line, number);
      line = line.substr(0, std::min(line.find('#'), line.size()));
      auto fields = split_fields(line);
      if (!fields.empty()) entry({number, std::move(fields)});
      start = end + 1;
    }
    finish(number);
    return std::move(lexicon_);
  }

 private:
  void entry(const Entry& e) {
    const std::string& kind = e.fields[0];
    if (kind == "auxiliary") return auxiliary(e);
    if (kind == "subject" || kind == "object") return noun(e, kind == "subject");
    if (kind == "verb") return verb(e);
    if (kind == "adjective") return adjective(e);
    if (kind == "held-out") return held_out_lines_.push_back(e);
    fail(e.line,
         "unknown entry '" + shown(kind) +
             "': a line starts with auxiliary, subject, object, verb, adjective or held-out");
  }

  void fields(const Entry& e, std::size_t n, const char* form) {
    if (e.fields.size() != n)
      fail(e.line, "expected " + std::string(form) + " (" + std::to_string(n) + " fields), found " +
                       std::to_string(e.fields.size()) + " fields");
  }

  // An English word belongs to one class (noun, verb or adjective): the parser of sentences
  // tells the slots apart by the class of the word in them.
  void claim(const std::string& word, const std::string& role, int line) {
    require_english(word, line);
    const auto it = roles_.find(word);
    if (it != roles_.end()) {
      const bool both_nouns = (role == "subject" || role == "object") &&
                              (it->second.first == "subject" || it->second.first == "object") &&
                              role != it->second.first;
      if (!both_nouns)
        fail(line, "'" + word + "' is already a " + it->second.first + " (line " +
                       std::to_string(it->second.second) + ")");
    }
    roles_[word] = {role, line};
  }

  void auxiliary(const Entry& e) {
    fields(e, 3, "auxiliary HINDI ROMAN");
    if (auxiliary_line_)
      fail(e.line,
           "a second auxiliary (the first is on line " + std::to_string(*auxiliary_line_) + ")");
    auxiliary_line_ = e.line;
    lexicon_.auxiliary = hindi(e.fields[1], e.fields[2], e.line);
  }

  void noun(const Entry& e, bool subject) {
    if (e.fields.size() < 5)
      fail(e.line, std::string("expected ") + e.fields[0] +
                       " ENGLISH HINDI ROMAN masculine|feminine KIND...");
    Noun n;
    n.english = e.fields[1];
    claim(n.english, e.fields[0], e.line);
    n.hindi = hindi(e.fields[2], e.fields[3], e.line);
    n.gender = gender(e.fields[4], e.line);
    for (std::size_t i = 5; i < e.fields.size(); ++i) {
      require_english(e.fields[i], e.line);
      n.kinds.push_back(e.fields[i]);
      kinds_.push_back(e.fields[i]);
    }
    (subject ? lexicon_.subjects : lexicon_.objects).push_back(std::move(n));
  }

  void verb(const Entry& e) {
    if (e.fields.size() < 7)
      fail(e.line, "expected verb ENGLISH MASCULINE ROMAN FEMININE ROMAN takes any|OBJECT...");
    Verb v;
    v.english = e.fields[1];
    claim(v.english, "verb", e.line);
    v.masculine = hindi(e.fields[2], e.fields[3], e.line);
    v.feminine = hindi(e.fields[4], e.fields[5], e.line);
    v.objects = list_after(e, 6, "takes", "objects");
    verb_lines_.push_back(e.line);
    lexicon_.verbs.push_back(std::move(v));
  }

  void adjective(const Entry& e) {
    const auto describes = std::find(e.fields.begin(), e.fields.end(), "describes");
    const auto forms = describes - e.fields.begin() - 2;
    if (e.fields.size() < 4 || (forms != 2 && forms != 4))
      fail(e.line,
           "expected adjective ENGLISH MASCULINE ROMAN [FEMININE ROMAN] describes any|KIND...");
    Adjective a;
    a.english = e.fields[1];
    claim(a.english, "adjective", e.line);
    a.masculine = hindi(e.fields[2], e.fields[3], e.line);
    a.feminine = forms == 4 ? hindi(e.fields[4], e.fields[5], e.line) : a.masculine;
    if (forms == 4 && a.invariable())
      fail(e.line, "both forms are '" + a.masculine.devanagari +
                       "': write an invariable adjective's form once");
    a.only_kinds = list_after(e, static_cast<std::size_t>(forms) + 2, "describes", "kinds of noun");
    adjective_lines_.push_back(e.line);
    lexicon_.adjectives.push_back(std::move(a));
  }

  const Noun* find_noun(const std::string& word) const {
    for (const auto* list : {&lexicon_.subjects, &lexicon_.objects})
      for (const auto& n : *list)
        if (n.english == word) return &n;
    return nullptr;
  }

  template <class T>
  static const T* find(const std::vector<T>& list, const std::string& word) {
    for (const auto& x : list)
      if (x.english == word) return &x;
    return nullptr;
  }

  static std::string word_list(const std::vector<Noun>& nouns) {
    std::string s;
    for (const auto& n : nouns) s += (s.empty() ? "" : ", ") + n.english;
    return s;
  }

  void held_out(const Entry& e) {
    const auto& f = e.fields;
    if (f.size() == 4) {
      if (!find(lexicon_.subjects, f[1]))
        fail(e.line, "held-out triple: '" + shown(f[1]) + "' is not a subject (" +
                         word_list(lexicon_.subjects) + ")");
      const Verb* v = find(lexicon_.verbs, f[2]);
      if (!v) fail(e.line, "held-out triple: '" + shown(f[2]) + "' is not a verb");
      if (!find(lexicon_.objects, f[3]))
        fail(e.line, "held-out triple: '" + shown(f[3]) + "' is not an object (" +
                         word_list(lexicon_.objects) + ")");
      if (!lexicon_.takes(*v, f[3]))
        fail(e.line, "held-out triple: '" + f[2] + "' does not take '" + f[3] +
                         "', so no sentence has this triple");
      for (const auto& t : lexicon_.held_out_triples)
        if (t.subject == f[1] && t.verb == f[2] && t.object == f[3])
          fail(e.line, "this triple is already held out");
      lexicon_.held_out_triples.push_back({f[1], f[2], f[3]});
    } else if (f.size() == 3) {
      const Adjective* a = find(lexicon_.adjectives, f[1]);
      if (!a) fail(e.line, "held-out pair: '" + shown(f[1]) + "' is not an adjective");
      const Noun* n = find_noun(f[2]);
      if (!n) fail(e.line, "held-out pair: '" + shown(f[2]) + "' is not a noun");
      if (!lexicon_.describes(*a, *n))
        fail(e.line, "held-out pair: '" + f[1] + "' does not describe '" + f[2] +
                         "', so no sentence has this pair");
      for (const auto& p : lexicon_.held_out_pairs)
        if (p.adjective == f[1] && p.noun == f[2]) fail(e.line, "this pair is already held out");
      lexicon_.held_out_pairs.push_back({f[1], f[2]});
    } else {
      fail(e.line, "expected held-out SUBJECT VERB OBJECT or held-out ADJECTIVE NOUN");
    }
  }

  // Checks that need the whole file: names used before they are defined are fine.
  void finish(int last_line) {
    if (!auxiliary_line_) fail(last_line, "the file has no auxiliary (है hai)");
    if (lexicon_.subjects.empty()) fail(last_line, "the file has no subject");
    if (lexicon_.objects.empty()) fail(last_line, "the file has no object");
    if (lexicon_.verbs.empty()) fail(last_line, "the file has no verb");
    for (std::size_t i = 0; i < lexicon_.verbs.size(); ++i)
      for (const auto& o : lexicon_.verbs[i].objects)
        if (!find(lexicon_.objects, o))
          fail(verb_lines_[i], "'" + lexicon_.verbs[i].english + "' takes '" + o +
                                   "', which is not an object (" + word_list(lexicon_.objects) +
                                   ")");
    for (std::size_t i = 0; i < lexicon_.adjectives.size(); ++i)
      for (const auto& k : lexicon_.adjectives[i].only_kinds)
        if (!contains(kinds_, k))
          fail(adjective_lines_[i], "'" + lexicon_.adjectives[i].english + "' describes '" + k +
                                        "', a kind no noun has");
    for (const auto& e : held_out_lines_) held_out(e);
  }

  Lexicon lexicon_;
  std::optional<int> auxiliary_line_;
  std::map<std::string, std::pair<std::string, int>> roles_;  // word -> (role, line)
  std::vector<std::string> kinds_;
  std::vector<int> verb_lines_, adjective_lines_;
  std::vector<Entry> held_out_lines_;
};

}  // namespace

bool Lexicon::takes(const Verb& verb, const std::string& object) const {
  return verb.objects.empty() || contains(verb.objects, object);
}

bool Lexicon::describes(const Adjective& adjective, const Noun& noun) const {
  if (adjective.only_kinds.empty()) return true;
  for (const auto& k : noun.kinds)
    if (contains(adjective.only_kinds, k)) return true;
  return false;
}

Lexicon parse_lexicon(std::string_view text) { return Parser().parse(text); }

const Lexicon& default_lexicon() {
  static const Lexicon lexicon = parse_lexicon(default_lexicon_text());
  return lexicon;
}

}  // namespace attn::translate
