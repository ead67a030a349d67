// The packed call path JS takes (wasm/bindings/packed.hpp, functions.hpp): a buffer JS would never
// write is refused with a message before anything is read past it or converted out of range, a
// list is bounded by the max its own declaration states, and the JSON the JS API and its fuzz
// read carries what they need (each list's max, what values a result holds, size ranges).
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../wasm/bindings/functions.hpp"

using namespace attn::api;
using Catch::Matchers::Contains;

namespace {

const Function& function(Text name) {
  for (const Function& f : functions())
    if (f.name == name) return f;
  throw std::logic_error("no function " + std::string(name));
}

// Runs a declared function on a packed buffer, as wasm/bindings/engine.cpp does.
std::vector<double> call(Text name, const std::vector<double>& args) {
  const Function& f = function(name);
  std::vector<double> out;
  Reader in(f.name, f.args, args.data(), args.size());
  Writer writer(f.name, f.result, out);
  f.run(in, writer);
  in.finish();
  writer.finish();
  return out;
}

// multiHeadAttention's arguments: X (1 x 1), no kvHeads (flag 0), `heads` heads of 1 x 1
// weights, Wo (heads x 1), no biases, default options (scale, causal, temperature, then
// positions 'none', ropeBase 10000, softmax 'standard').
std::vector<double> multi_head_args(int heads) {
  std::vector<double> a = {1, 1, 0.5, 0, static_cast<double>(heads)};
  for (int h = 0; h < heads; ++h) a.insert(a.end(), {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0});
  a.insert(a.end(), {static_cast<double>(heads), 1});
  for (int h = 0; h < heads; ++h) a.push_back(1);
  a.insert(a.end(), {0, 1, 0, 1, 0, 10000, 0});
  return a;
}

}  // namespace

TEST_CASE("packed: positional encoding of 2 x 2 through the table, by hand") {
  // sin(0) cos(0) / sin(1) cos(1): rows 2, columns 2, then the entries.
  const std::vector<double> out = call("positionalEncoding", {2, 2});
  REQUIRE(out.size() == 6);
  CHECK(out[0] == 2);
  CHECK(out[1] == 2);
  CHECK(out[2] == 0.0);
  CHECK(out[3] == 1.0);
  CHECK(out[4] == Approx(0.8414709848078965).epsilon(1e-15));
  CHECK(out[5] == Approx(0.5403023058681398).epsilon(1e-15));
}

TEST_CASE("packed: a whole number JS would not send is refused, not converted") {
  for (const double bad : {1e300, -3e9, 2147483648.0, 1.5, std::nan("")}) {
    INFO(bad);
    CHECK_THROWS_WITH(call("positionalEncoding", {bad, 2}),
                      Contains("internal error: a whole number of"));
  }
  // The largest JS sends reaches the engine, which refuses the size itself.
  CHECK_THROWS_AS(call("positionalEncoding", {2147483647.0, 2}), std::invalid_argument);
}

TEST_CASE("packed: a list is bounded by its own declared max") {
  const Type* heads = nullptr;
  for (const Type* t : flatten(function("multiHeadAttention").args[0].fields))
    if (t->kind == Kind::List) heads = t;
  REQUIRE(heads != nullptr);
  CHECK(heads->max == attn::kMaxHeads);
  // One head computes (context 0.5 times W_O's 1); max + 1 is refused before any is read.
  const std::vector<double> out = call("multiHeadAttention", multi_head_args(1));
  CHECK(out.back() == Approx(0.5));
  CHECK_NOTHROW(call("multiHeadAttention", multi_head_args(static_cast<int>(heads->max))));
  CHECK_THROWS_WITH(call("multiHeadAttention", multi_head_args(static_cast<int>(heads->max) + 1)),
                    Contains("internal error: a size of 17"));
}

TEST_CASE("packed: the JSON for JS carries each list's max, result values and size ranges") {
  const std::string json = functions_json();
  CHECK_THAT(json, Contains("\"kind\":\"list\",\"key\":\"heads\",\"label\":\"head\",\"rows\":\"h\","
                            "\"message\":\"heads must be a non-empty array of { Wq, Wk, Wv }\","
                            "\"max\":16"));
  CHECK_THAT(json, Contains("\"key\":\"scores\",\"label\":\"scores\",\"values\":\"masked\""));
  CHECK_THAT(json,
             Contains("\"key\":\"weights\",\"label\":\"weights\",\"values\":\"distribution\""));
  CHECK_THAT(json, Contains("\"samples\":[0.25,0.5,1,2,3.7000000000000002]"));
  CHECK_THAT(json, Contains("\"sizes\":{\"n\":[1,40],\"d\":[1,16]}"));
}

TEST_CASE("packed: choices, an optional whole number and fields given per group") {
  // Two heads of 1 x 1 weights sharing head 1's W_K and W_V: kvHeads present (flag 1, then 1);
  // head 2's W_K and W_V absent (0 rows each), its biases absent.
  std::vector<double> a = {1, 1, 0.5, 1, 1, 2};
  a.insert(a.end(), {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0});
  a.insert(a.end(), {1, 1, 2, 0, 0, 0, 0, 0});
  a.insert(a.end(), {2, 1, 1, 1, 0, 1, 0, 1, 0, 10000, 1});  // softmax 'plusOne'
  // One token: plusOne's weight e^0.25 / (1 + e^0.25) (q . k = 0.5 x 0.5 and 2 x 0.5 = 1 times
  // 0.5: scores 0.25 and 0.5), V = 0.5: the output 0.5 (e^.25/(1+e^.25) + e^.5/(1+e^.5)).
  const std::vector<double> out = call("multiHeadAttention", a);
  const double e1 = std::exp(0.25), e2 = std::exp(0.5);
  CHECK(out.back() == Approx(0.5 * (e1 / (1 + e1) + e2 / (1 + e2))).epsilon(1e-15));
  // A choice or a flag JS would never send is refused, not read as something else.
  std::vector<double> bad = a;
  bad.back() = 2;  // softmax has two choices
  CHECK_THROWS_WITH(call("multiHeadAttention", bad),
                    Contains("internal error: a choice out of range for softmax"));
  bad = a;
  bad[3] = 2;  // kvHeads' flag
  CHECK_THROWS_WITH(call("multiHeadAttention", bad), Contains("internal error: a malformed flag"));
  // The JSON names the choices, their default, the grouped fields and the sizes' relations.
  const std::string json = functions_json();
  CHECK_THAT(json, Contains("\"kind\":\"choice\",\"key\":\"positions\",\"label\":\"positions\","
                            "\"fallback\":\"none\",\"choices\":[\"none\",\"rope\"]"));
  CHECK_THAT(json, Contains("\"key\":\"Wk\",\"label\":\"W_K\",\"groupedBy\":\"kvHeads\","
                            "\"rows\":\"d\",\"cols\":\"k\""));
  CHECK_THAT(json, Contains("\"sizes\":{\"h\":[1,4],\"g\":[1,2,\"divides\",\"h\"]}"));
  CHECK_THAT(json, Contains("\"sizes\":{\"n\":[1,12],\"b\":[1,12,\"atMost\",\"n\"]}"));
}
