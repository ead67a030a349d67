#include "attn/declare/model.hpp"

#include <cmath>

namespace attn::declare {

void check(const Param& p, const Argument& a) {
  if (p.kind != ParamKind::Integer) return;
  if (!(a.number >= p.min && a.number <= p.max) || a.number != std::floor(a.number)) {
    throw std::invalid_argument(std::string(p.name) + " must be " + std::to_string(p.min) + " to " +
                                std::to_string(p.max) + ", got " + format(a.number));
  }
}

Field field(Text key, ValueKind kind, Text doc, Text dims) {
  Field f;
  f.key = key;
  f.kind = kind;
  f.doc = doc;
  f.dims = dims;
  return f;
}

Field record_field(Text key, Text doc, std::vector<Field> fields) {
  Field f = field(key, ValueKind::Record, doc);
  f.fields = std::move(fields);
  return f;
}

Field records_field(Text key, Text doc, std::vector<Field> fields) {
  Field f = field(key, ValueKind::Records, doc);
  f.fields = std::move(fields);
  return f;
}

}  // namespace attn::declare
