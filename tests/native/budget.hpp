// The sanitizers' budgets: scripts/sanitize.sh sets environment variables that shrink the
// costliest checks under ASan + UBSan (the same code paths, fewer repetitions); natively they are
// unset and every check runs in full.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

// The whole number in environment variable `name`, or 0 (no budget: run in full) when it is
// unset or empty. A typo must not silently run the full check (or none): it throws, naming it.
inline long long budget_from_env(const char* name, long long least) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return 0;
  char* end = nullptr;
  const long long n = std::strtoll(text, &end, 10);
  if (*end != '\0' || n < least)
    throw std::invalid_argument(std::string(name) + " must be a whole number >= " +
                                std::to_string(least) + ", not '" + text + "'");
  return n;
}
