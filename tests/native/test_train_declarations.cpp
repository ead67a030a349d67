// The model declarations (attn/declare) and what is built on them: option checks and their
// messages, configs made from given options, the generic session every binding call goes
// through, and each declared model's methods returning their declared shapes. Messages are the
// ones JS shows, so they are checked word for word where the learner reads them.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../../wasm/bindings/models.hpp"
#include "../../wasm/bindings/registry.hpp"
#include "attn/declare/model.hpp"
#include "attn/lm/language_model_declaration.hpp"
#include "attn/train/trainer_declaration.hpp"
#include "attn/translate/translator_declaration.hpp"

using namespace attn::declare;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

std::string message_of(const OptionSpec& spec, const OptionValue& v) {
  try {
    check(spec, v);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

const OptionSpec& option(const std::string& model, const std::string& key) {
  for (const auto& m : attn::api::models())
    if (m.name == model)
      for (const auto& o : m.options)
        if (o.key == key) return o;
  throw std::logic_error("no option " + key);
}

// A method that only some option values allow, the option it needs and what it says without.
struct NeededOption {
  std::string model, method, key;
  OptionValue value;
  std::string refusal;
};

const NeededOption* needed_option(std::string_view model, std::string_view method) {
  // The induction task has no grammar to judge a sentence by.
  static const std::vector<NeededOption> list = {
      {"LanguageModel", "grammatical", "task", std::string("sentences"), "has no grammar"}};
  for (const auto& n : list)
    if (n.model == model && n.method == method) return &n;
  return nullptr;
}

// Whether v has the declared shape (the JS test checks the same after the crossing).
bool conforms(const Field& f, const Value& v) {
  if (v.kind != f.kind) return false;
  if (f.kind == ValueKind::Tensor) {
    std::size_t x = 1;
    for (char c : f.dims) x += c == 'x';
    return v.dims.size() == x;
  }
  if (f.kind == ValueKind::Record) {
    if (v.keys.size() != f.fields.size()) return false;
    for (std::size_t i = 0; i < f.fields.size(); ++i)
      if (v.keys[i] != f.fields[i].key || !conforms(f.fields[i], v.items[i])) return false;
  }
  if (f.kind == ValueKind::Records) {
    Field one = f;
    one.kind = ValueKind::Record;
    for (const Value& item : v.items)
      if (!conforms(one, item)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("declared options: ranges in words", "[declare]") {
  CHECK(describe_range(option("Trainer", "layers")) == "1 or 2");
  CHECK(describe_range(option("Trainer", "heads")) == "1 to 4");
  CHECK(describe_range(learning_rate_spec()) == "in (0, 10]");
  CHECK(describe_range(option("Trainer", "momentum")) == "in [0, 1)");
  CHECK(describe_range(option("Trainer", "clip")) == ">= 0");
  CHECK(describe_range(optimizer_spec()) == "'adam' or 'sgd'");
}

TEST_CASE("declared options: every bad value named, with the range", "[declare]") {
  CHECK_THAT(message_of(option("Trainer", "layers"), 3.0), Equals("layers must be 1 or 2, got 3"));
  CHECK_THAT(message_of(option("Trainer", "heads"), 1.5),
             Equals("heads must be a whole number, got 1.5"));
  CHECK_THAT(message_of(option("Translator", "width"), 64.0),
             Equals("width must be 4 to 32, got 64"));
  CHECK_THAT(message_of(learning_rate_spec(), 0.0),
             Equals("learning rate must be a number in (0, 10], got 0"));
  CHECK_THAT(message_of(learning_rate_spec(), std::nan("")),
             Equals("learning rate must be a number in (0, 10], got NaN"));
  CHECK_THAT(message_of(option("Trainer", "momentum"), 1.0),
             Equals("momentum must be a number in [0, 1), got 1"));
  CHECK_THAT(message_of(option("Trainer", "clip"), -1.0),
             Equals("clip must be a number >= 0, got -1"));
  CHECK_THAT(message_of(optimizer_spec(), std::string("rmsprop")),
             Equals("unknown optimizer 'rmsprop': choose 'adam' or 'sgd'"));
  CHECK_THAT(message_of(seed_spec(), -1.0), Equals("seed must be a whole number from 0 to 2^53"));
  CHECK_THAT(message_of(option("Trainer", "layerNorm"), 1.0),
             Equals("layerNorm must be true or false"));
  // The ends themselves: allowed where closed, refused where open.
  CHECK(message_of(learning_rate_spec(), 10.0).empty());
  CHECK(message_of(option("Trainer", "momentum"), 0.0).empty());
  CHECK(message_of(seed_spec(), 9007199254740992.0).empty());
  CHECK_FALSE(message_of(seed_spec(), 9007199254740994.0).empty());
}

TEST_CASE("make_config: given options set their fields, checked, and unknown keys refused",
          "[declare]") {
  using attn::train::TrainerConfig;
  const auto& options = attn::train::trainer_declaration().options;
  const TrainerConfig c = make_config(
      options,
      {{"layers", 2.0}, {"task", std::string("pronouns")}, {"layerNorm", true}, {"seed", 7.0}});
  CHECK(c.layers == 2);
  CHECK(c.task == "pronouns");
  CHECK(c.layer_norm);
  CHECK(c.seed == 7u);
  CHECK(c.heads == TrainerConfig{}.heads);  // left out: the default
  CHECK_THROWS_WITH(make_config(options, {{"heds", 2.0}}), Contains("unknown option 'heds'"));
  CHECK_THROWS_WITH(make_config(options, {{"batch", 0.0}}), "batch must be 1 to 256, got 0");
}

TEST_CASE("every declared default is within its own declaration", "[declare]") {
  for (const auto& m : attn::api::models()) {
    INFO(m.name);
    REQUIRE(m.options.size() == m.defaults.size());
    for (std::size_t i = 0; i < m.options.size(); ++i) {
      INFO(m.options[i].key);
      CHECK_NOTHROW(check(m.options[i], m.defaults[i]));
    }
  }
}

TEST_CASE("sessions: options, steps, reset and every method, for every declared model",
          "[declare]") {
  const auto& list = attn::api::models();
  for (std::size_t k = 0; k < list.size(); ++k) {
    const ModelInfo& m = list[k];
    INFO(m.name);
    const auto session = m.create({{"seed", 3.0}});
    const Value options = session->options();
    REQUIRE(options.keys.size() == m.options.size());
    CHECK(options["seed"].number == 3.0);
    const StepReport first = session->step(2);
    CHECK(first.step == 2);
    CHECK(std::isfinite(first.loss));
    // Every method at its declared fallbacks and examples. A method that changes the model
    // (ablate) runs last of all, so the others see the model as made.
    const auto example = [](const std::vector<Param>& params) {
      Arguments list;
      for (const Param& p : params) list.push_back(fallback(p));
      return list;
    };
    for (const bool changes : {false, true})
      for (std::size_t i = 0; i < m.methods.size(); ++i) {
        if (m.methods[i].changes != changes) continue;
        INFO(m.methods[i].name);
        INFO("a text argument needs a declared example the model accepts");
        for (const Param& p : m.methods[i].params)
          if (p.kind == ParamKind::Text || p.kind == ParamKind::Tokens)
            REQUIRE_FALSE(p.example.empty());
        const Arguments args = example(m.methods[i].params);
        const auto* needs = needed_option(m.name, m.methods[i].name);
        if (needs == nullptr) {
          CHECK(conforms(m.methods[i].result, session->call(i, args)));
          continue;
        }
        // Refused, with its reason, under the defaults; answered under the option it needs.
        CHECK_THROWS_WITH(session->call(i, args), Contains(needs->refusal));
        const auto other =
            m.create({{std::string("seed"), OptionValue(3.0)}, {needs->key, needs->value}});
        CHECK(conforms(m.methods[i].result, other->call(i, args)));
      }
    // Arguments are checked against their declared ranges before the model sees them, and a
    // call must give every declared parameter.
    for (std::size_t i = 0; i < m.methods.size(); ++i) {
      const auto& params = m.methods[i].params;
      for (std::size_t k = 0; k < params.size(); ++k) {
        Arguments list = example(params);
        if (params[k].kind == ParamKind::Integer) {
          list[k].number = params[k].max + 1;
          CHECK_THROWS_AS(session->call(i, list), std::invalid_argument);
          list[k].number = 1.5;
          CHECK_THROWS_AS(session->call(i, list), std::invalid_argument);
        }
        if (params[k].kind == ParamKind::Record) {
          list[k].fields[0].number = params[k].fields[0].max + 1;
          CHECK_THROWS_AS(session->call(i, list), std::invalid_argument);
        }
      }
      if (!params.empty()) CHECK_THROWS_AS(session->call(i, {}), std::invalid_argument);
    }
    CHECK_THROWS_AS(session->call(m.methods.size(), {}), std::invalid_argument);
    CHECK_THROWS_WITH(session->set_learning_rate(0), Contains("learning rate"));
    // A model a method changed (ablate) is given back whole by restore before the rerun.
    for (std::size_t i = 0; i < m.methods.size(); ++i)
      if (m.methods[i].name == "restore") session->call(i, {});
    session->reset(std::nullopt);
    CHECK(session->step(2).loss == Approx(first.loss).epsilon(1e-12));  // same seed, same run
  }
}

TEST_CASE("models_json: every model, option and method, with Infinity as null", "[declare]") {
  const std::string json = attn::api::models_json();
  for (const auto& m : attn::api::models()) {
    const auto quoted = [](Text s) { return "\"" + std::string(s) + "\""; };
    CHECK_THAT(json, Contains("\"name\":" + quoted(m.name)));
    for (const auto& o : m.options) CHECK_THAT(json, Contains("\"key\":" + quoted(o.key)));
    for (const auto& f : m.methods) CHECK_THAT(json, Contains("\"name\":" + quoted(f.name)));
  }
  CHECK_THAT(json, Contains("\"key\":\"clip\",\"label\":\"clip\",\"kind\":\"number\""));
  CHECK_THAT(json, !Contains("inf"));
}

TEST_CASE("declared parameters: ranges checked, fallbacks filled, records field by field",
          "[declare]") {
  const Param n = integer_param("count", 5, 1, 64);
  const Param t = number_param("temperature", 1, 0, 100, true);
  const Param r = record_param("options", {n, t, boolean_param("cache", true)});
  Argument a = fallback(r);
  REQUIRE(a.fields.size() == 3u);
  CHECK(a.fields[0].number == 5);
  CHECK(a.fields[2].number == 1);
  CHECK_NOTHROW(check(r, a));
  a.fields[1].number = 0;  // the open end
  CHECK_THROWS_WITH(check(r, a), "temperature must be a number in (0, 100], got 0");
  a.fields[1].number = std::nan("");
  CHECK_THROWS_WITH(check(r, a), "temperature must be a number in (0, 100], got NaN");
  a = fallback(n);
  a.number = 65;
  CHECK_THROWS_WITH(check(n, a), "count must be 1 to 64, got 65");
  Argument list;
  list.list = true;
  list.tokens.assign(11, "a");
  CHECK_THROWS_WITH(check(tokens_param("prompt", "a", 10, 100), list),
                    "prompt has 11 tokens, more than 10");
  const std::string json = attn::api::models_json();
  CHECK_THAT(json, Contains("{\"kind\":\"integer\",\"name\":\"maxTokens\""));
  CHECK_THAT(json, Contains("\"name\":\"ablate\""));
  CHECK_THAT(json, Contains("\"changes\":true"));
}

TEST_CASE("a text parameter holds at most its declared characters, counted as JS counts them",
          "[declare]") {
  const Param sentence = text_param("sentence", "a b", 4);
  Argument a;
  a.text = "abcd";
  CHECK_NOTHROW(check(sentence, a));
  a.text = "abcde";
  CHECK_THROWS_WITH(check(sentence, a), "sentence has 5 characters, more than 4");
  // UTF-16 code units, as a text box's maxlength counts: e-acute is 1, an emoji 2.
  a.text = "\u00e9\u00e9\u00e9\u00e9";  // 8 bytes of UTF-8
  CHECK_NOTHROW(check(sentence, a));
  a.text = "\U0001F600\U0001F600";  // 8 bytes, 4 code units
  CHECK_NOTHROW(check(sentence, a));
  a.text = "a\U0001F600\U0001F600";
  CHECK_THROWS_WITH(check(sentence, a), "sentence has 5 characters, more than 4");
  a.text = std::string(3000000, 'x');
  CHECK_THROWS_WITH(check(sentence, a), "sentence has 3,000,000 characters, more than 4");
  // Tokens: the text, or an array's entries together.
  const Param prompt = tokens_param("prompt", "a", 10, 4);
  Argument list;
  list.list = true;
  list.tokens = {"ab", "cd"};
  CHECK_NOTHROW(check(prompt, list));
  list.tokens = {"ab", "cde"};
  CHECK_THROWS_WITH(check(prompt, list), "prompt has 5 characters, more than 4");
  Argument text;
  text.text = "a b c";
  CHECK_THROWS_WITH(check(prompt, text), "prompt has 5 characters, more than 4");
  // Every declared text parameter has a bound.
  for (const auto& m : attn::api::models())
    for (const auto& f : m.methods)
      for (const auto& p : f.params)
        if (p.kind == ParamKind::Text || p.kind == ParamKind::Tokens)
          CHECK(p.max_length >= static_cast<double>(p.example.size()));
}

TEST_CASE("value: a tensor's dimensions must match its data", "[declare]") {
  CHECK_NOTHROW(tensor({2, 3}, std::vector<double>(6)));
  CHECK_THROWS_AS(tensor({2, 3}, std::vector<double>(5)), std::logic_error);
  Value r = record();
  r.set("a", number(1));
  CHECK(r["a"].number == 1);
  CHECK_THROWS_AS(r["b"], std::out_of_range);
}

namespace {

// A session that says when it is freed, for the registry's test.
struct Counted final : Session {
  explicit Counted(int& live) : live_(live) { ++live_; }
  ~Counted() override { --live_; }
  StepReport step(int) override { return {}; }
  void reset(std::optional<std::uint64_t>) override {}
  void set_learning_rate(double) override {}
  Value options() const override { return record(); }
  Value call(std::size_t, const Arguments&) override { return record(); }
  int& live_;
};

std::size_t fake_in_use = 0;  // the registry's meter, moved by hand below

}  // namespace

TEST_CASE("registry: at most its limit of live models, holding at most its bytes", "[declare]") {
  using attn::bindings::Registry;
  constexpr std::size_t MB = 1 << 20;
  int live = 0, made = 0;  // before the registry, whose sessions count down `live` as it goes
  Registry r({2, 3.0 * MB}, [] { return fake_in_use; });
  const ModelInfo& info = attn::api::models()[0];
  // A model that takes `bytes` of memory as it is made.
  const auto model = [&](std::size_t bytes) {
    return [&, bytes] {
      ++made;
      fake_in_use += bytes;
      return std::make_unique<Counted>(live);
    };
  };
  const int a = r.add(model(MB), info);
  r.add(model(MB), info);
  CHECK(r.held() == 2 * MB);
  // The count is checked before anything is made.
  CHECK_THROWS_WITH(r.add(model(MB), info),
                    "too many live models: 2 are open, the limit is 2: call dispose() on ones "
                    "you no longer use");
  CHECK(made == 2);
  r.erase(a);
  CHECK(live == 1);
  CHECK(r.held() == MB);
  // The memory once the model is made; one that does not fit is freed again.
  CHECK_THROWS_WITH(r.add(model(2 * MB + 1), info),
                    "too many live models: with this one the 2 open would hold 4 MB, the limit "
                    "is 3 MB: call dispose() on ones you no longer use");
  CHECK(made == 3);
  CHECK(live == 1);
  CHECK(r.size() == 1);
  CHECK(r.held() == MB);
  r.add(model(2 * MB), info);  // exactly the limit
  CHECK(r.held() == 3 * MB);
}
