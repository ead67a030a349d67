#include "attn/declare/model.hpp"

#include <cmath>
#include <sstream>

namespace attn::declare {

void check(const Param& p, const Argument& a) {
  if (p.kind != ParamKind::Integer) return;
  if (!(a.number >= p.min && a.number <= p.max) || a.number != std::floor(a.number)) {
    std::ostringstream got;
    got << a.number;
    throw std::invalid_argument(p.name + " must be " + std::to_string(p.min) + " to " +
                                std::to_string(p.max) + ", got " + got.str());
  }
}

Field field(std::string key, ValueKind kind, std::string doc, std::string dims) {
  Field f;
  f.key = std::move(key);
  f.kind = kind;
  f.doc = std::move(doc);
  f.dims = std::move(dims);
  return f;
}

Field record_field(std::string key, std::string doc, std::vector<Field> fields) {
  Field f = field(std::move(key), ValueKind::Record, std::move(doc));
  f.fields = std::move(fields);
  return f;
}

Field records_field(std::string key, std::string doc, std::vector<Field> fields) {
  Field f = field(std::move(key), ValueKind::Records, std::move(doc));
  f.fields = std::move(fields);
  return f;
}

}  // namespace attn::declare
