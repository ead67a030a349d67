// Prints seeded random cases of every declared engine function (wasm/bindings/functions.hpp)
// as JSON: the arguments exactly as the JS API takes them, and the native result or error.
// The cases are generated from each function's declared types, so a newly declared
// function is covered with no edit here. tests/node/engine_golden.test.mjs replays every
// case through the wasm module and checks both agree to 1e-12. -Infinity (a masked score)
// is written as the string "-Infinity", since JSON has no infinities.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../../wasm/bindings/functions.hpp"

namespace {

using attn::api::Function;
using attn::api::Kind;
using attn::api::Type;

std::string num(double v) {
  if (std::isinf(v)) return v < 0 ? "\"-Infinity\"" : "\"Infinity\"";
  return attn::api::json_number(v);
}

// Sizes and values of one case: a symbol ("n", "d") keeps its size throughout the case, so
// X (n x d) and W_Q (d x k) fit together.
class Generator {
 public:
  Generator(std::mt19937& rng, const Function& f) : rng_(rng), f_(f) {}

  // One argument as JSON, appending its packed form to `packed`.
  std::string argument(const Type& t, std::vector<double>& packed) {
    if (t.optional && t.kind == Kind::Vector && coin()) {
      packed.push_back(0);
      return "null";
    }
    return value(t, packed);
  }

 private:
  bool coin() { return std::uniform_int_distribution<int>(0, 1)(rng_) == 1; }
  double uniform(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng_);
  }

  // A symbol's size, drawn once per case within its declared range and relation.
  int draw(const std::string& symbol) {
    if (sizes_.count(symbol)) return sizes_[symbol];
    int lo = 1, hi = 6;
    const attn::api::Size* declared = nullptr;
    for (const auto& s : f_.sizes)
      if (s.symbol == symbol) lo = s.min, hi = s.max, declared = &s;
    int v = 0;
    if (declared && declared->relation == attn::api::Relation::AtMost) {
      v = std::uniform_int_distribution<int>(lo,
                                             std::min(hi, draw(std::string(declared->of))))(rng_);
    } else if (declared && declared->relation == attn::api::Relation::Divides) {
      const int whole = draw(std::string(declared->of));
      std::vector<int> divisors;
      for (int g = lo; g <= std::min(hi, whole); ++g)
        if (whole % g == 0) divisors.push_back(g);
      v = divisors[std::uniform_int_distribution<std::size_t>(0, divisors.size() - 1)(rng_)];
    } else {
      v = std::uniform_int_distribution<int>(lo, hi)(rng_);
    }
    return sizes_[symbol] = v;
  }

  int size(std::string_view expr) {
    int product = 1;
    std::size_t start = 0;
    for (;;) {
      const std::size_t star = expr.find('*', start);
      const std::string symbol(expr.substr(start, star - start));
      product *= draw(symbol);
      if (star == std::string::npos) return product;
      start = star + 1;
    }
  }

  std::vector<double> entries(std::string_view values, int rows, int cols) {
    std::vector<double> e(static_cast<std::size_t>(rows) * cols);
    for (int i = 0; i < rows; ++i) {
      double sum = 0;
      for (int j = 0; j < cols; ++j) {
        double& v = e[static_cast<std::size_t>(i) * cols + j];
        if (values == "masked")  // scores, some masked (never the first: one must remain)
          v = j > 0 && std::uniform_int_distribution<int>(0, 3)(rng_) == 0
                  ? -std::numeric_limits<double>::infinity()
                  : uniform(-10, 10);
        else if (values == "distribution")  // weights: >= 0, some exactly 0, rows sum to 1
          v = std::uniform_int_distribution<int>(0, 3)(rng_) == 0 && j > 0 ? 0 : uniform(0, 1);
        else
          v = uniform(-2, 2);
        sum += v;
      }
      if (values == "distribution")
        for (int j = 0; j < cols; ++j) e[static_cast<std::size_t>(i) * cols + j] /= sum;
    }
    return e;
  }

  std::string row(const std::vector<double>& e, std::size_t start, int n) {
    std::string s = "[";
    for (int j = 0; j < n; ++j) s += (j ? "," : "") + num(e[start + j]);
    return s + "]";
  }

  std::string value(const Type& t, std::vector<double>& packed) {
    switch (t.kind) {
      case Kind::Number: {
        const double v = t.samples.size == 0 ? uniform(-2, 2)
                                             : t.samples[std::uniform_int_distribution<std::size_t>(
                                                   0, t.samples.size - 1)(rng_)];
        packed.push_back(v);
        return num(v);
      }
      case Kind::Integer: {
        const int v = size(t.rows);
        if (t.optional) packed.push_back(1);  // present
        packed.push_back(v);
        integers_[std::string(t.key)] = v;
        return std::to_string(v);
      }
      case Kind::Choice: {
        const std::size_t i =
            std::uniform_int_distribution<std::size_t>(0, t.choices.size - 1)(rng_);
        packed.push_back(static_cast<double>(i));
        return attn::api::json_string(t.choices[i]);
      }
      case Kind::Boolean: {
        const bool v = coin();
        packed.push_back(v);
        return v ? "true" : "false";
      }
      case Kind::Vector: {
        const int n = size(t.rows);
        const std::vector<double> e = entries(t.values, 1, n);
        packed.push_back(n);
        packed.insert(packed.end(), e.begin(), e.end());
        return row(e, 0, n);
      }
      case Kind::Matrix: {
        const int rows = size(t.rows), cols = size(t.cols);
        const std::vector<double> e = entries(t.values, rows, cols);
        packed.push_back(rows);
        packed.push_back(cols);
        packed.insert(packed.end(), e.begin(), e.end());
        std::string s = "[";
        for (int i = 0; i < rows; ++i)
          s += (i ? "," : "") + row(e, static_cast<std::size_t>(i) * cols, cols);
        return s + "]";
      }
      case Kind::Object: {
        // The element's place in the list around it, for fields given per group.
        const int index = index_, count = count_;
        std::string s = "{";
        for (const Type* field : attn::api::flatten(t.fields)) {
          // A grouped field is given on the first element of each group alone (Type::grouped_by).
          if (!field->grouped_by.empty()) {
            const auto groups = integers_.find(std::string(field->grouped_by));
            const int per_group = groups == integers_.end() ? 1 : count / groups->second;
            if (index % per_group != 0) {
              packed.push_back(0);
              continue;
            }
          }
          // Optional fields and fields with a default are sometimes left out.
          if ((field->optional || field->has_fallback) && coin()) {
            packed.push_back(field->optional ? 0 : field->fallback);
            if (field->kind == Kind::Integer) integers_.erase(std::string(field->key));
            continue;
          }
          s += (s.size() > 1 ? ",\"" : "\"") + std::string(field->key) +
               "\":" + value(*field, packed);
        }
        return s + "}";
      }
      case Kind::Group:  // flattened away by the object or argument list around it
        break;
      case Kind::List: {
        const int n = size(t.rows);
        packed.push_back(n);
        std::string s = "[";
        for (int i = 0; i < n; ++i) {
          index_ = i;
          count_ = n;
          s += (i ? "," : "") + value(t.fields[0], packed);
        }
        return s + "]";
      }
    }
    return "null";
  }

  std::mt19937& rng_;
  const Function& f_;
  std::map<std::string, int> sizes_;
  std::map<std::string, int> integers_;  // whole numbers given so far, by key
  int index_ = 0, count_ = 1;            // the list element being generated
};

// Unpacks a result by its declared type, as wasm/js/api.js does, into JSON.
class ResultJson {
 public:
  explicit ResultJson(const std::vector<double>& out) : out_(out) {}

  // Absent optional results give "" (the key is left out).
  std::string value(const Type& t) {
    switch (t.kind) {
      case Kind::Number:
        if (t.optional) {
          const bool has = next() != 0;
          const double v = next();
          return has ? num(v) : "null";
        }
        return num(next());
      case Kind::Vector:
        return list(static_cast<int>(next()));
      case Kind::Matrix: {
        if (t.optional && next() == 0) return "";
        const int rows = static_cast<int>(next()), cols = static_cast<int>(next());
        std::string s = "[";
        for (int i = 0; i < rows; ++i) s += (i ? "," : "") + list(cols);
        return s + "]";
      }
      case Kind::List: {
        const int n = static_cast<int>(next());
        std::string s = "[";
        for (int i = 0; i < n; ++i) s += (i ? "," : "") + value(t.fields[0]);
        return s + "]";
      }
      case Kind::Object: {
        std::string s = "{";
        for (const Type* field : attn::api::flatten(t.fields)) {
          const std::string v = value(*field);
          if (!v.empty()) s += (s.size() > 1 ? ",\"" : "\"") + std::string(field->key) + "\":" + v;
        }
        return s + "}";
      }
      default:
        return "null";
    }
  }

 private:
  double next() { return out_.at(pos_++); }
  std::string list(int n) {
    std::string s = "[";
    for (int j = 0; j < n; ++j) s += (j ? "," : "") + num(next());
    return s + "]";
  }
  const std::vector<double>& out_;
  std::size_t pos_ = 0;
};

}  // namespace

int main() {
  std::mt19937 rng(20251125);
  const auto table = attn::api::functions();
  std::string names, cases;
  for (const Function& f : table) {
    names += (names.empty() ? "\"" : ",\"") + std::string(f.name) + "\"";
    // 14 cases each (12 until kvHeads): from this seed, enough for multiHeadAttention's to group
    // its heads (kvHeads 1 of 2 and of 3, 2 of 4), not only to give kvHeads = heads.
    for (int c = 0; c < 14; ++c) {
      Generator g(rng, f);
      std::vector<double> packed;
      std::string args = "[";
      for (const Type* a : attn::api::flatten(f.args))
        args += (args.size() > 1 ? "," : "") + g.argument(*a, packed);
      args += "]";
      std::string outcome;
      try {
        std::vector<double> out;
        attn::api::Reader in(f.name, f.args, packed.data(), packed.size());
        attn::api::Writer writer(f.name, f.result, out);
        f.run(in, writer);
        in.finish();
        writer.finish();
        outcome = "\"result\":" + ResultJson(out).value(f.result);
      } catch (const std::invalid_argument& e) {  // an input the engine refuses: replayed too
        outcome = "\"error\":" + attn::api::json_string(e.what());
      } catch (const std::exception& e) {  // e.g. a reader that disagrees with its declaration
        std::fprintf(stderr, "%s: %s\n", std::string(f.name).c_str(), e.what());
        return 1;
      }
      cases += (cases.empty() ? "\n" : ",\n") + std::string("{\"fn\":\"") + std::string(f.name) +
               "\",\"args\":" + args + "," + outcome + "}";
    }
  }
  std::printf("{\"functions\":[%s],\"cases\":[%s\n]}\n", names.c_str(), cases.c_str());
  return 0;
}
