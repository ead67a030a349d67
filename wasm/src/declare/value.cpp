#include "attn/declare/value.hpp"

#include <stdexcept>

namespace attn::declare {

Value& Value::set(std::string key, Value value) {
  keys.push_back(std::move(key));
  items.push_back(std::move(value));
  return *this;
}

const Value& Value::operator[](const std::string& key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return items[i];
  throw std::out_of_range("no field '" + key + "'");
}

Value number(double x) {
  Value v;
  v.kind = ValueKind::Number;
  v.number = x;
  return v;
}

Value boolean(bool b) {
  Value v = number(b ? 1.0 : 0.0);
  v.kind = ValueKind::Boolean;
  return v;
}

Value text(std::string s) {
  Value v;
  v.kind = ValueKind::Text;
  v.text = std::move(s);
  return v;
}

Value texts(std::vector<std::string> list) {
  Value v;
  v.kind = ValueKind::Texts;
  v.texts = std::move(list);
  return v;
}

Value numbers(std::vector<double> list) {
  Value v;
  v.kind = ValueKind::Numbers;
  v.numbers = std::move(list);
  return v;
}

Value tensor(std::vector<int> dims, std::vector<double> data) {
  std::size_t size = 1;
  for (int d : dims) size *= static_cast<std::size_t>(d < 0 ? 0 : d);
  if (size != data.size()) throw std::logic_error("a tensor's dimensions do not match its data");
  Value v;
  v.kind = ValueKind::Tensor;
  v.dims = std::move(dims);
  v.numbers = std::move(data);
  return v;
}

Value record() { return Value{}; }

Value records(std::vector<Value> list) {
  Value v;
  v.kind = ValueKind::Records;
  v.items = std::move(list);
  return v;
}

}  // namespace attn::declare
