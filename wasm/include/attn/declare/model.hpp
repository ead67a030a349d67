// A trainable model declared once: its options (option.hpp) and the methods JS may call, each with
// its parameters and the shape of its result; a method either reads the model or changes it. Every
// model also answers the calls all of them share (options, step, reset, setLearningRate, dispose),
// which need no declaration. The bindings (wasm/bindings/models.cpp) serve every declared model
// through one generic session, and scripts/generate.mjs writes the types, the API docs' tables and
// the widgets' ranges from the same declarations.
//
// Adding a model: a class with `using Config = ...;`, a constructor from Config, config(),
// step(n) returning { step, loss, accuracy }, reset(seed) and set_learning_rate(lr); its
// declaration (see attn/train/trainer_declaration.hpp); one line in wasm/bindings/models.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "attn/declare/option.hpp"
#include "attn/declare/value.hpp"

namespace attn::declare {

// The declared shape of a method's result (or of one field of it), for the types and docs; a
// test holds every method's actual Value to it.
struct Field {
  Text key;  // empty for a method's whole result
  ValueKind kind = ValueKind::Record;
  Text doc;
  Text dims;                  // Tensor: its dimensions in words, "layers x heads x n x n"
  std::vector<Field> fields;  // Record: its fields; Records: the fields of each element
};

// Text: a string of at most max_length characters (UTF-16 code units, as JS and a text box's
// maxlength count them). Tokens: a prompt, a string of space-separated tokens or an array of
// tokens, at most max_length characters in all either way.
// Integer, Number, Boolean: optional, the fallback when left out. Record: an optional object of
// named fields (each an Integer, Number or Boolean Param named by its JS key), every field
// optional.
enum class ParamKind { Text, Integer, Number, Boolean, Tokens, Record };

// One parameter of a method.
struct Param {
  ParamKind kind = ParamKind::Text;
  Text name;                // in JS messages: "sentence", "sample size"; a field's JS key
  double fallback = 0;      // Integer, Number, Boolean (0 or 1): the value when JS leaves it out
  double min = 0, max = 0;  // Integer, Number: the allowed range; Tokens: most array entries
  Text example;             // Text, Tokens: one the model accepts (docs, tests and fuzzers use it)
  // Text, Tokens: the longest text (characters). JS checks it before the text is copied into
  // wasm memory (a pasted novel never reaches C++), C++ again; the page's text boxes take it as
  // their maxlength (web/src/state/model-options.js).
  double max_length = 0;
  std::vector<Param> fields;  // Record
  bool min_open = false;      // Number: min itself excluded
  Text doc;                   // a Record field's: one line
};

// --- declaring parameters (every field named, so none is left to chance) -------------------
Param text_param(Text name, Text example, double max_length);
// most: array entries allowed; max_length: characters, of the text or of the entries together.
Param tokens_param(Text name, Text example, double most, double max_length);
Param integer_param(Text name, double fallback, double min, double max, Text doc = {});
Param number_param(Text name, double fallback, double min, double max, bool min_open,
                   Text doc = {});
Param boolean_param(Text name, bool fallback, Text doc = {});
Param record_param(Text name, std::vector<Param> fields);

struct Argument {
  std::string text;
  double number = 0.0;  // Integer (checked whole and in range before the call), Number, Boolean
  std::vector<std::string> tokens;  // Tokens given as an array
  bool list = false;                // Tokens: given as an array (tokens), else as text
  std::vector<Argument> fields;     // Record: one per declared field, in declared order
  int whole() const { return static_cast<int>(number); }
};
using Arguments = std::vector<Argument>;

// Throws std::invalid_argument when an argument is outside its declared range (a Record's
// fields each), naming the parameter.
void check(const Param& param, const Argument& argument);
// The argument a caller who leaves param out gives: its fallback (a Record's fields' each).
Argument fallback(const Param& param);  // Text, Tokens: the declared example
// A Number or Integer parameter's range in words: "1 to 64", "in (0, 1]".
std::string describe_range(const Param& param);

template <class Model>
struct Method {
  Text name;  // the JS method
  Text doc;   // one line
  std::vector<Param> params;
  Field result;
  Value (*call)(const Model&, const Arguments&) = nullptr;  // a method that reads the model
  Value (*change)(Model&, const Arguments&) = nullptr;      // or one that changes it
};

template <class Model>
struct ModelDeclaration {
  Text name;     // createTrainer for "Trainer"
  Text summary;  // one line, for the docs
  std::vector<Option<typename Model::Config>> options;
  std::vector<Method<Model>> methods;
};

// Fills a config from the options given (key, value), checking each against its declaration;
// unknown keys throw. Whatever the model checks across options (width divisible by heads) its
// constructor checks.
template <class Config>
Config make_config(const std::vector<Option<Config>>& options,
                   const std::vector<std::pair<std::string, OptionValue>>& given) {
  Config c;
  for (const auto& [key, value] : given) {
    const Option<Config>* found = nullptr;
    for (const auto& o : options)
      if (o.spec.key == key) found = &o;
    if (found == nullptr) throw std::invalid_argument("unknown option '" + key + "'");
    found->set(c, value);
  }
  return c;
}

// Every declared option of c within its declaration (std::invalid_argument otherwise).
template <class Config>
void check_options(const std::vector<Option<Config>>& options, const Config& c) {
  for (const auto& o : options) check(o.spec, o.get(c));
}

struct StepReport {
  long long step = 0;
  double loss = 0.0, accuracy = 0.0;
};

// A model behind the generic bindings: any declared model, by index of its method.
class Session {
 public:
  virtual ~Session() = default;
  virtual StepReport step(int n) = 0;
  virtual void reset(std::optional<std::uint64_t> seed) = 0;  // nullopt: the current seed
  virtual void set_learning_rate(double lr) = 0;
  virtual Value options() const = 0;  // every option, defaults filled in
  // The method's arguments, one per declared parameter, checked against the declaration here.
  virtual Value call(std::size_t method, const Arguments& arguments) = 0;
};

// What the bindings and the generators see of a declared model, its type erased.
struct ModelInfo {
  Text name, summary;
  std::vector<OptionSpec> options;
  std::vector<OptionValue> defaults;  // defaults[i] for options[i]
  struct MethodInfo {
    Text name, doc;
    std::vector<Param> params;
    Field result;
    bool changes = false;  // the method changes the model
  };
  std::vector<MethodInfo> methods;
  std::unique_ptr<Session> (*create)(const std::vector<std::pair<std::string, OptionValue>>&);
};

namespace detail {

template <class Model, const ModelDeclaration<Model>& (*Declare)()>
class SessionOf final : public Session {
 public:
  explicit SessionOf(const typename Model::Config& c) : model_(c) {}
  StepReport step(int n) override {
    const auto s = model_.step(n);
    return {s.step, s.loss, s.accuracy};
  }
  void reset(std::optional<std::uint64_t> seed) override {
    model_.reset(seed ? *seed : model_.config().seed);
  }
  // The model checks the rate against learning_rate_spec() itself (train::check_learning_rate).
  void set_learning_rate(double lr) override { model_.set_learning_rate(lr); }
  Value options() const override {
    Value out = record();
    for (const auto& o : Declare().options) {
      const OptionValue v = o.get(model_.config());
      const std::string key(o.spec.key);
      if (const double* x = std::get_if<double>(&v))
        out.set(key, number(*x));
      else if (const bool* b = std::get_if<bool>(&v))
        out.set(key, boolean(*b));
      else
        out.set(key, text(std::get<std::string>(v)));
    }
    return out;
  }
  Value call(std::size_t method, const Arguments& arguments) override {
    const auto& methods = Declare().methods;
    if (method >= methods.size()) throw std::invalid_argument("no such method");
    const Method<Model>& m = methods[method];
    if (arguments.size() != m.params.size())
      throw std::invalid_argument(std::string(m.name) + " takes " +
                                  std::to_string(m.params.size()) + " arguments");
    for (std::size_t i = 0; i < arguments.size(); ++i) check(m.params[i], arguments[i]);
    return m.change ? m.change(model_, arguments) : m.call(model_, arguments);
  }
  const Model& model() const { return model_; }

 private:
  Model model_;
};

}  // namespace detail

// The type-erased view of a model's declaration: Declare returns the (static) declaration.
template <class Model, const ModelDeclaration<Model>& (*Declare)()>
ModelInfo info() {
  const ModelDeclaration<Model>& d = Declare();
  ModelInfo m;
  m.name = d.name;
  m.summary = d.summary;
  const typename Model::Config defaults{};
  for (const auto& o : d.options) {
    m.options.push_back(o.spec);
    m.defaults.push_back(o.get(defaults));
  }
  for (const auto& f : d.methods)
    m.methods.push_back({f.name, f.doc, f.params, f.result, f.change != nullptr});
  m.create = [](const std::vector<std::pair<std::string, OptionValue>>& given)
      -> std::unique_ptr<Session> {
    return std::make_unique<detail::SessionOf<Model, Declare>>(
        make_config(Declare().options, given));
  };
  return m;
}

// --- declaring results -----------------------------------------------------------------------
Field field(Text key, ValueKind kind, Text doc, Text dims = {});
Field record_field(Text key, Text doc, std::vector<Field> fields);
Field records_field(Text key, Text doc, std::vector<Field> fields);

}  // namespace attn::declare
