// Whether a learner's held-out score stays up once it got there, for the bench tools'
// `stability` modes (translate_native, train_native): per seed, train on the widget's grid of
// steps and record the first grid step at which the score reaches the target, and the lowest
// score after it. docs/training-stability.md tabulates what they print.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "attn/declare/model.hpp"

namespace stability {

// key=value arguments, from argv[first] on (a bare key is "1"); unknown keys are the caller's to
// refuse.
inline std::map<std::string, std::string> arguments(int argc, char** argv, int first) {
  std::map<std::string, std::string> out;
  for (int i = first; i < argc; ++i) {
    const char* eq = std::strchr(argv[i], '=');
    if (eq == nullptr)
      out[argv[i]] = "1";
    else
      out[std::string(argv[i], static_cast<std::size_t>(eq - argv[i]))] = eq + 1;
  }
  return out;
}

// Takes `key` out of args, or returns fallback.
inline std::string take(std::map<std::string, std::string>& args, const std::string& key,
                        const std::string& fallback) {
  const auto it = args.find(key);
  if (it == args.end()) return fallback;
  std::string v = it->second;
  args.erase(it);
  return v;
}

inline double take_number(std::map<std::string, std::string>& args, const std::string& key,
                          double fallback) {
  return std::atof(take(args, key, std::to_string(fallback)).c_str());
}

// Takes every key that names one of the model's declared options out of args and builds the
// config from them as the page does (declare::make_config: the same ranges, the same messages), so
// a new option is accepted here the moment it is declared. Text that is not a number, or a
// boolean other than 0/1/true/false, throws std::invalid_argument naming the option.
template <class Config>
Config take_config(std::map<std::string, std::string>& args,
                   const std::vector<attn::declare::Option<Config>>& options) {
  using attn::declare::OptionKind;
  std::vector<std::pair<std::string, attn::declare::OptionValue>> given;
  for (const auto& o : options) {
    const std::string key(o.spec.key);
    if (args.find(key) == args.end()) continue;
    const std::string text = take(args, key, "");
    if (o.spec.kind == OptionKind::Choice) {
      given.emplace_back(key, text);
    } else if (o.spec.kind == OptionKind::Boolean) {
      if (text != "1" && text != "0" && text != "true" && text != "false")
        throw std::invalid_argument(key + " must be 0, 1, true or false, got '" + text + "'");
      given.emplace_back(key, text == "1" || text == "true");
    } else {
      char* end = nullptr;
      const double x = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0')
        throw std::invalid_argument(key + " must be a number, got '" + text + "'");
      given.emplace_back(key, x);
    }
  }
  return attn::declare::make_config(options, given);
}

// "FIRST-LAST" or "SEED": the seeds to run.
struct Seeds {
  unsigned long long first, last;
};
inline Seeds seed_range(const std::string& text) {
  const unsigned long long first = std::strtoull(text.c_str(), nullptr, 10);
  const char* dash = std::strchr(text.c_str(), '-');
  return {first, dash ? std::strtoull(dash + 1, nullptr, 10) : first};
}

// Refuses a key no one took (a typo must not silently run the defaults).
inline bool leftover(const std::map<std::string, std::string>& args) {
  if (args.empty()) return false;
  std::fprintf(stderr, "unknown key: %s\n", args.begin()->first.c_str());
  return true;
}

struct Run {
  long long reached = -1;  // first grid step with score >= target, -1: never
  double min_after = std::numeric_limits<double>::quiet_NaN();  // lowest score from then on
  long long min_step = -1;
  double last = 0.0;
  double seconds = 0.0;  // training and evaluation
};

// step(n) trains n steps; score() is the held-out figure. curve=1 prints every grid point.
template <class Step, class Score>
Run measure(Step step, Score score, long long total, int every, double target, bool curve) {
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  for (long long s = every; s <= total; s += every) {
    step(every);
    const double x = score();
    if (curve) std::printf("  %lld %.3f\n", s, x);
    if (r.reached < 0 && x >= target) r.reached = s;
    if (r.reached >= 0 && !(x >= r.min_after)) {
      r.min_after = x;
      r.min_step = s;
    }
    r.last = x;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

inline void print(unsigned long long seed, const Run& r);

// After the model's own keys are taken: the run's (seeds, steps, every, target, curve), then for
// each seed make(seed) -> a model, trained and scored by step(model, n) and score(model). Returns
// the exit code (2 for a key no one took: a typo must not silently run the defaults).
template <class Make, class Step, class Score>
int run(std::map<std::string, std::string>& args, int default_every, Make make, Step step,
        Score score) {
  const Seeds seeds = seed_range(take(args, "seeds", "1-5"));
  const long long total = static_cast<long long>(take_number(args, "steps", 5000));
  const int every = static_cast<int>(take_number(args, "every", default_every));
  const double target = take_number(args, "target", 0.95);
  const bool curve = take(args, "curve", "0") == "1";
  if (leftover(args)) return 2;
  for (unsigned long long seed = seeds.first; seed <= seeds.last; ++seed) {
    auto model = make(seed);
    print(seed, measure([&](int n) { step(*model, n); }, [&] { return score(*model); }, total,
                        every, target, curve));
  }
  return 0;
}

inline void print(unsigned long long seed, const Run& r) {
  std::printf(
      "{\"seed\": %llu, \"reached\": %lld, \"minAfter\": %.3f, \"minStep\": %lld, \"last\": %.3f, "
      "\"seconds\": %.1f}\n",
      seed, r.reached, r.min_after, r.min_step, r.last, r.seconds);
  std::fflush(stdout);
}

}  // namespace stability
