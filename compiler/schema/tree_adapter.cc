// The valijson adapter's number handling: integers are parsed without
// allocating (type checks ask for them often), and an integer too large for
// int64 is treated as a double so valijson never sees a number it cannot read.
#include "schema/tree_adapter.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

namespace stagegate {
namespace {

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

}  // namespace

bool ParseCoreInt(std::string_view text, int64_t* out) {
  int base = 10;
  bool negative = false;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o')) {
    base = text[1] == 'x' ? 16 : 8;
    text.remove_prefix(2);
  } else if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  // Accumulate as a negative number: its range holds int64's minimum.
  const int64_t min = std::numeric_limits<int64_t>::min();
  int64_t value = 0;
  for (char c : text) {
    int digit = DigitValue(c);
    if (digit >= base) return false;
    if (value < (min + digit) / base) return false;
    value = value * base - digit;
  }
  if (!negative) {
    if (value == min) return false;
    value = -value;
  }
  *out = value;
  return true;
}

bool TreeValue::isInteger() const {
  int64_t unused = 0;
  return node_.kind() == NodeKind::kInt && ParseCoreInt(node_.text(), &unused);
}

bool TreeValue::isDouble() const {
  return node_.kind() == NodeKind::kFloat || (node_.kind() == NodeKind::kInt && !isInteger());
}

bool TreeValue::getInteger(int64_t& result) const {
  return node_.kind() == NodeKind::kInt && ParseCoreInt(node_.text(), &result);
}

bool TreeValue::getDouble(double& result) const {
  if (node_.kind() == NodeKind::kFloat) return node_.AsDouble(&result);
  if (!isDouble()) return false;
  // An integer beyond int64: its magnitude is all a schema could compare.
  std::string_view text = node_.text();
  const char* begin = text.data() + (!text.empty() && text[0] == '+' ? 1 : 0);
  auto [stop, error] = std::from_chars(begin, text.data() + text.size(), result);
  if (error != std::errc() || stop != text.data() + text.size()) {
    result = std::numeric_limits<double>::infinity();  // 0x / 0o forms
  }
  return true;
}

bool TreeFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
  return TreeAdapter(node_).equalTo(other, strict);
}

}  // namespace stagegate
