// Lesson 10's translator, as the widget trains it (the engine's defaults, evaluated every 100
// steps): once 95% of the held-out sentences come out exactly right, at least 90% stay right,
// for seeds 1-5, over the first 800 steps (where 95% is reached, at steps 200-500). With a
// constant learning rate seed 4 went from 99.5% at step 200 to 44.5% at step 300
// (docs/training-stability.md has the runs to 8,000 steps).
#include <catch2/catch.hpp>

#include "attn/translate/translator.hpp"
#include "stability.hpp"

using attn::translate::Translator;
using attn::translate::TranslatorConfig;

namespace {

void hold_translator(std::uint64_t seed) {
  TranslatorConfig c;
  c.seed = seed;
  Translator t(c);
  stability::hold([&](int n) { t.step(n); }, [&] { return t.evaluate().exact_match; }, 800, 100);
}

}  // namespace

// One test per seed, so ctest runs them on both cores.
TEST_CASE("translator stability: seed 1", "[translate][convergence]") { hold_translator(1); }
TEST_CASE("translator stability: seed 2", "[translate][convergence]") { hold_translator(2); }
TEST_CASE("translator stability: seed 3", "[translate][convergence]") { hold_translator(3); }
TEST_CASE("translator stability: seed 4", "[translate][convergence]") { hold_translator(4); }
TEST_CASE("translator stability: seed 5", "[translate][convergence]") { hold_translator(5); }
