// The trainable models JS can create, each declared once in C++ (attn/declare/model.hpp), and
// their declarations as JSON for the JS API (wasm/js/models.js) and the generators
// (scripts/generate.mjs). No Emscripten here, so a native test can read the same JSON.
// Adding a model: one line in models().
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "attn/declare/model.hpp"
#include "attn/lm/language_model_declaration.hpp"
#include "attn/train/trainer_declaration.hpp"
#include "attn/translate/translator_declaration.hpp"
#include "packed.hpp"

namespace attn::api {

// How many models may be live at once in one module, and how much memory they may hold
// together (malloc's bytes in use, measured as each is made): a model nobody disposes of is
// freed only when JS collects its handle, maybe never, and wasm memory never shrinks, so
// sessions left behind (3,000 translators: 16 -> 995 MB) are refused here instead. The page
// keeps two per worker (the model and its untrained twin), together at most 72 MB at the
// largest settings a lesson may give (the trainer at batch 256); the bindings (registry.hpp)
// enforce both, JS and the docs read them as attn.modelLimits.
inline constexpr std::size_t kMaxLiveModels = 16;
inline constexpr double kMaxLiveModelBytes = 512.0 * (1 << 20);

inline const std::vector<declare::ModelInfo>& models() {
  static const std::vector<declare::ModelInfo> list = {
      declare::info<train::Trainer, train::trainer_declaration>(),
      declare::info<translate::Translator, translate::translator_declaration>(),
      declare::info<lm::LanguageModel, lm::language_model_declaration>(),
  };
  return list;
}

namespace detail {

inline const char* kind_name(declare::OptionKind k) {
  switch (k) {
    case declare::OptionKind::Integer:
      return "integer";
    case declare::OptionKind::Number:
      return "number";
    case declare::OptionKind::Boolean:
      return "boolean";
    case declare::OptionKind::Choice:
      return "choice";
    case declare::OptionKind::Seed:
      return "seed";
  }
  return "";
}

inline const char* kind_name(declare::ValueKind k) {
  switch (k) {
    case declare::ValueKind::Number:
      return "number";
    case declare::ValueKind::Boolean:
      return "boolean";
    case declare::ValueKind::Text:
      return "text";
    case declare::ValueKind::Texts:
      return "texts";
    case declare::ValueKind::Numbers:
      return "numbers";
    case declare::ValueKind::Tensor:
      return "tensor";
    case declare::ValueKind::Record:
      return "record";
    case declare::ValueKind::Records:
      return "records";
  }
  return "";
}

inline const char* kind_name(declare::ParamKind k) {
  switch (k) {
    case declare::ParamKind::Text:
      return "text";
    case declare::ParamKind::Integer:
      return "integer";
    case declare::ParamKind::Number:
      return "number";
    case declare::ParamKind::Boolean:
      return "boolean";
    case declare::ParamKind::Tokens:
      return "tokens";
    case declare::ParamKind::Record:
      return "record";
  }
  return "";
}

// { kind, name, ... }: the example of text and tokens, the fallback and range of numbers, the
// fields of a record.
inline std::string json_param(const declare::Param& p) {
  using declare::ParamKind;
  std::string s =
      "{\"kind\":\"" + std::string(kind_name(p.kind)) + "\",\"name\":" + json_string(p.name);
  if (!p.doc.empty()) s += ",\"doc\":" + json_string(p.doc);
  if (p.kind == ParamKind::Text || p.kind == ParamKind::Tokens)
    s += ",\"example\":" + json_string(p.example) + ",\"maxLength\":" + json_number(p.max_length);
  if (p.kind == ParamKind::Tokens) s += ",\"max\":" + json_number(p.max);
  if (p.kind == ParamKind::Integer || p.kind == ParamKind::Number)
    s += ",\"fallback\":" + json_number(p.fallback) + ",\"min\":" + json_number(p.min) +
         ",\"max\":" + json_number(p.max);
  if (p.kind == ParamKind::Number)
    s += std::string(",\"minOpen\":") + (p.min_open ? "true" : "false");
  if (p.kind == ParamKind::Integer || p.kind == ParamKind::Number)
    s += ",\"range\":" + json_string(declare::describe_range(p));
  if (p.kind == ParamKind::Boolean)
    s += std::string(",\"fallback\":") + (p.fallback != 0 ? "true" : "false");
  if (p.kind == ParamKind::Record) {
    s += ",\"fields\":[";
    for (std::size_t i = 0; i < p.fields.size(); ++i) s += (i ? "," : "") + json_param(p.fields[i]);
    s += "]";
  }
  return s + "}";
}

// JSON has no Infinity: an unbounded end is null.
inline std::string json_bound(double v) { return std::isinf(v) ? "null" : json_number(v); }

inline std::string json_value(const declare::OptionValue& v) {
  if (const double* x = std::get_if<double>(&v)) return json_number(*x);
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return json_string(std::get<std::string>(v));
}

inline std::string json_field(const declare::Field& f) {
  std::string s = "{\"key\":" + json_string(f.key) + ",\"kind\":\"" + kind_name(f.kind) +
                  "\",\"doc\":" + json_string(f.doc);
  if (!f.dims.empty()) s += ",\"dims\":" + json_string(f.dims);
  if (!f.fields.empty()) {
    s += ",\"fields\":[";
    for (std::size_t i = 0; i < f.fields.size(); ++i) s += (i ? "," : "") + json_field(f.fields[i]);
    s += "]";
  }
  return s + "}";
}

inline std::string json_option(const declare::OptionSpec& o, const declare::OptionValue& fallback) {
  std::string s = "{\"key\":" + json_string(o.key) + ",\"label\":" + json_string(o.name()) +
                  ",\"kind\":\"" + kind_name(o.kind) + "\",\"doc\":" + json_string(o.doc) +
                  ",\"default\":" + json_value(fallback);
  using declare::OptionKind;
  if (o.kind == OptionKind::Integer || o.kind == OptionKind::Number || o.kind == OptionKind::Seed)
    s += ",\"min\":" + json_bound(o.min) + ",\"max\":" + json_bound(o.max);
  if (o.kind == OptionKind::Number)
    s += std::string(",\"minOpen\":") + (o.min_open ? "true" : "false") +
         ",\"maxOpen\":" + (o.max_open ? "true" : "false");
  if (o.kind == OptionKind::Choice) {
    s += ",\"choices\":[";
    for (std::size_t i = 0; i < o.choices.size(); ++i)
      s += (i ? "," : "") + json_string(o.choices[i]);
    s += "]";
  }
  s += ",\"range\":" + json_string(declare::describe_range(o));
  return s + "}";
}

}  // namespace detail

// { liveModels, liveModelBytes }: the two limits above.
inline std::string model_limits_json() {
  return "{\"liveModels\":" + json_number(static_cast<double>(kMaxLiveModels)) +
         ",\"liveModelBytes\":" + json_number(kMaxLiveModelBytes) + "}";
}

// [{ name, summary, options: [...], methods: [{ name, doc, params: [...], changes, result }] }]
inline std::string models_json() {
  std::string s = "[";
  for (const declare::ModelInfo& m : models()) {
    s += (s.size() > 1 ? "," : "") + std::string("{\"name\":") + json_string(m.name) +
         ",\"summary\":" + json_string(m.summary) + ",\"options\":[";
    for (std::size_t i = 0; i < m.options.size(); ++i)
      s += (i ? "," : "") + detail::json_option(m.options[i], m.defaults[i]);
    s += "],\"methods\":[";
    for (std::size_t i = 0; i < m.methods.size(); ++i) {
      const auto& f = m.methods[i];
      s += (i ? "," : "") + std::string("{\"name\":") + json_string(f.name) +
           ",\"doc\":" + json_string(f.doc) + ",\"params\":[";
      for (std::size_t k = 0; k < f.params.size(); ++k)
        s += (k ? "," : "") + detail::json_param(f.params[k]);
      s += std::string("],\"changes\":") + (f.changes ? "true" : "false") +
           ",\"result\":" + detail::json_field(f.result) + "}";
    }
    s += "]}";
  }
  return s + "]";
}

}  // namespace attn::api
