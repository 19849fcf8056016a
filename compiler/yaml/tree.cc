// Node accessors and YAML 1.2 core-schema scalar resolution.
#include "yaml/tree.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

namespace stagegate {
namespace {

bool IsDigits(std::string_view s, bool (*digit)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!digit(c)) return false;
  }
  return true;
}

bool Dec(char c) { return c >= '0' && c <= '9'; }
bool Oct(char c) { return c >= '0' && c <= '7'; }
bool Hex(char c) { return Dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool IsCoreInt(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o') return IsDigits(s.substr(2), Oct);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') return IsDigits(s.substr(2), Hex);
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return IsDigits(s, Dec);
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool IsCoreFloat(std::string_view s) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" ||
      s == "+.INF" || s == "-.inf" || s == "-.Inf" || s == "-.INF" || s == ".nan" ||
      s == ".NaN" || s == ".NAN") {
    return true;
  }
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && Dec(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && Dec(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && Dec(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// YAML 1.1's booleans and null (yes, Off, ...): strings to a YAML 1.2
// reader, but not to every tool that reads the files.
bool IsYaml11Word(std::string_view text) {
  for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}) {
    if (text.size() != word.size()) continue;
    bool same = true;
    for (size_t i = 0; i < word.size() && same; ++i) {
      char c = text[i];
      same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == word[i];
    }
    if (same) return true;
  }
  return false;
}

bool IsPlainSafe(std::string_view text) {
  if (text.empty() || ResolvePlainScalar(text) != NodeKind::kString || IsYaml11Word(text)) {
    return false;
  }
  char first = text.front();
  bool letter = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
  if (!letter && first != '_') return false;
  if (text.back() == ' ') return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == ' ' || c == '_' || c == '.' || c == '@' || c == '/' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A double-quoted YAML scalar: reads back as exactly `text`, whatever it holds.
std::string DoubleQuoted(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    auto next = [&](size_t k) {
      return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02X}", c);
        } else if (c == 0xC2 && next(1) == 0x85) {
          out += "\\u0085";  // NEL, a line break to some YAML readers
          ++i;
        } else if (c == 0xE2 && next(1) == 0x80 && (next(2) == 0xA8 || next(2) == 0xA9)) {
          out += next(2) == 0xA8 ? "\\u2028" : "\\u2029";  // line and paragraph separators
          i += 2;
        } else if (c == 0xEF && next(1) == 0xBB && next(2) == 0xBF) {
          out += "\\uFEFF";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string YamlScalar(std::string_view text) {
  return IsPlainSafe(text) ? std::string(text) : DoubleQuoted(text);
}

Tree Tree::WithFile(uint32_t file) const {
  Tree copy = *this;
  for (Record& r : copy.nodes) {
    if (r.location.file != kNoFile) r.location.file = file;
  }
  return copy;
}

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNull: return "null";
    case NodeKind::kBool: return "boolean";
    case NodeKind::kInt: return "integer";
    case NodeKind::kFloat: return "number";
    case NodeKind::kString: return "string";
    case NodeKind::kSequence: return "list";
    case NodeKind::kMapping: return "mapping";
  }
  return "value";
}

NodeKind ResolvePlainScalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return NodeKind::kNull;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    return NodeKind::kBool;
  }
  if (IsCoreInt(s)) return NodeKind::kInt;
  if (IsCoreFloat(s)) return NodeKind::kFloat;
  return NodeKind::kString;
}

std::string_view Node::text() const {
  if (!valid() || !is_scalar()) return {};
  const Tree::Record& r = rec();
  return std::string_view(tree_->text).substr(r.begin, r.size);
}

bool CoreBool(std::string_view t) { return t == "true" || t == "True" || t == "TRUE"; }

bool CoreInt(std::string_view text, int64_t* out) {
  std::string s(text);
  int base = 10;
  size_t skip = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    base = s[1] == 'o' ? 8 : 16;
    skip = 2;
  }
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str() + skip, &end, base);
  if (errno == ERANGE || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

bool Node::AsBool(bool* out) const {
  if (kind() != NodeKind::kBool) return false;
  *out = CoreBool(text());
  return true;
}

bool Node::AsInt(int64_t* out) const { return kind() == NodeKind::kInt && CoreInt(text(), out); }

bool Node::AsDouble(double* out) const {
  NodeKind k = kind();
  if (k != NodeKind::kFloat && k != NodeKind::kInt) return false;
  if (k == NodeKind::kInt) {
    int64_t i = 0;
    if (!AsInt(&i)) return false;
    *out = static_cast<double>(i);
    return true;
  }
  std::string_view t = text();
  if (!t.empty() && (t[0] == '+' || t[0] == '-') && t.size() > 1 && t[1] == '.' &&
      (t.size() == 5) && (t[2] == 'i' || t[2] == 'I')) {
    *out = t[0] == '-' ? -std::numeric_limits<double>::infinity()
                       : std::numeric_limits<double>::infinity();
    return true;
  }
  if (t.size() == 4 && t[0] == '.' && (t[1] == 'i' || t[1] == 'I')) {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (t.size() == 4 && t[0] == '.' && (t[1] == 'n' || t[1] == 'N')) {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  // from_chars, not strtod: whatever the process's locale, '.' is the
  // decimal point. It takes no leading '+'.
  const char* begin = t.data() + (!t.empty() && t[0] == '+' ? 1 : 0);
  const char* end = t.data() + t.size();
  auto [stop, error] = std::from_chars(begin, end, *out);
  return (error == std::errc() || error == std::errc::result_out_of_range) && stop == end;
}

uint32_t Node::size() const {
  if (!valid() || is_scalar()) return 0;
  return rec().size;
}

Node Node::item(uint32_t i) const {
  if (!is_sequence() || i >= rec().size) return {};
  return Node(tree_, child(i));
}

Node Node::key(uint32_t i) const {
  if (!is_mapping() || i >= rec().size) return {};
  return Node(tree_, child(2 * i));
}

Node Node::value(uint32_t i) const {
  if (!is_mapping() || i >= rec().size) return {};
  return Node(tree_, child(2 * i + 1));
}

Node Node::Find(std::string_view k) const {
  uint32_t n = size();
  if (!is_mapping()) return {};
  for (uint32_t i = 0; i < n; ++i) {
    Node kn = key(i);
    if (kn.is_scalar() && kn.text() == k) return value(i);
  }
  return {};
}

Node Node::FindKey(std::string_view k) const {
  uint32_t n = size();
  if (!is_mapping()) return {};
  for (uint32_t i = 0; i < n; ++i) {
    Node kn = key(i);
    if (kn.is_scalar() && kn.text() == k) return kn;
  }
  return {};
}

uint32_t Node::width() const {
  if (!valid() || !is_scalar() || multi_line()) return 1;
  // Count code points, not bytes.
  uint32_t chars = 0;
  for (unsigned char c : text()) chars += (c & 0xC0) != 0x80;
  if (quoted()) chars += 2;
  return chars == 0 ? 1 : chars;
}

}  // namespace stagegate
