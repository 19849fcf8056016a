// PatternMatcher: compiles the anchored subset of ECMAScript patterns into a
// list of byte sets with repeat counts, matched greedily with backtracking.
#include "schema/pattern_matcher.h"

#include <cctype>
#include <limits>

namespace stagegate {
namespace {

constexpr uint32_t kUnbounded = std::numeric_limits<uint32_t>::max();

std::bitset<256> Whitespace() {
  // ECMAScript's \s over bytes: space, \t, \n, \v, \f, \r.
  std::bitset<256> set;
  for (unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r'}) set.set(c);
  return set;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the escape at p[i] == '\\': one byte (`*byte`) or a set (\s).
// Advances `i` past it; false when the escape is not in the subset.
bool Escape(std::string_view p, size_t* i, int* byte, bool* whitespace) {
  if (*i + 1 >= p.size()) return false;
  char c = p[*i + 1];
  *whitespace = false;
  if (c == 's') {
    *whitespace = true;
    *i += 2;
    return true;
  }
  if (c == 'x') {
    if (*i + 3 >= p.size()) return false;
    int hi = HexDigit(p[*i + 2]), lo = HexDigit(p[*i + 3]);
    if (hi < 0 || lo < 0) return false;
    *byte = hi * 16 + lo;
    *i += 4;
    return true;
  }
  // An escaped punctuation character stands for itself; letters and digits
  // are classes or back-references this subset does not have.
  if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
    return false;
  }
  *byte = static_cast<unsigned char>(c);
  *i += 2;
  return true;
}

// "[...]" at p[*i]; advances past "]".
bool Bracket(std::string_view p, size_t* i, std::bitset<256>* out) {
  size_t at = *i + 1;
  bool negate = at < p.size() && p[at] == '^';
  if (negate) ++at;
  if (at < p.size() && p[at] == ']') return false;  // "[]" / "[^]": not in the subset
  std::bitset<256> set;
  while (at < p.size() && p[at] != ']') {
    int from = -1;
    bool whitespace = false;
    if (p[at] == '\\') {
      if (!Escape(p, &at, &from, &whitespace)) return false;
    } else if (p[at] == '[') {
      return false;  // "[:alpha:]" and the like
    } else {
      from = static_cast<unsigned char>(p[at++]);
    }
    if (whitespace) {
      set |= Whitespace();
      continue;
    }
    // A range "a-z" (a '-' before ']' is a literal).
    if (at + 1 < p.size() && p[at] == '-' && p[at + 1] != ']') {
      ++at;
      int to = -1;
      if (p[at] == '\\') {
        if (!Escape(p, &at, &to, &whitespace) || whitespace) return false;
      } else {
        to = static_cast<unsigned char>(p[at++]);
      }
      if (to < from) return false;  // std::regex rejects it
      for (int c = from; c <= to; ++c) set.set(static_cast<size_t>(c));
    } else {
      set.set(static_cast<size_t>(from));
    }
  }
  if (at >= p.size()) return false;  // no "]"
  *i = at + 1;
  *out = negate ? ~set : set;
  return true;
}

// A repeat count after an atom: "{n}", "{m,n}", "{m,}", "*", "+", "?".
bool Quantifier(std::string_view p, size_t* i, uint32_t* min, uint32_t* max) {
  *min = *max = 1;
  if (*i >= p.size()) return true;
  char c = p[*i];
  if (c == '*' || c == '+' || c == '?') {
    *min = c == '+' ? 1 : 0;
    *max = c == '?' ? 1 : kUnbounded;
    ++*i;
  } else if (c == '{') {
    auto number = [&](uint32_t* n) {
      size_t start = *i;
      uint64_t v = 0;
      while (*i < p.size() && p[*i] >= '0' && p[*i] <= '9' && v < 100000) {
        v = v * 10 + static_cast<uint64_t>(p[(*i)++] - '0');
      }
      *n = static_cast<uint32_t>(v);
      return *i > start && v < 100000;
    };
    ++*i;
    if (!number(min)) return false;
    *max = *min;
    if (*i < p.size() && p[*i] == ',') {
      ++*i;
      if (*i < p.size() && p[*i] == '}') {
        *max = kUnbounded;
      } else if (!number(max) || *max < *min) {
        return false;
      }
    }
    if (*i >= p.size() || p[*i] != '}') return false;
    ++*i;
  } else {
    return true;
  }
  // A lazy or possessive quantifier, or a second one.
  return *i >= p.size() || (p[*i] != '?' && p[*i] != '+' && p[*i] != '*' && p[*i] != '{');
}

}  // namespace

std::optional<PatternMatcher> PatternMatcher::Compile(std::string_view pattern) {
  if (pattern.size() < 2 || pattern.front() != '^' || pattern.back() != '$') return std::nullopt;
  std::string_view p = pattern.substr(1, pattern.size() - 2);
  // "...\$" ends with an escaped dollar, not the anchor.
  size_t backslashes = 0;
  while (backslashes < p.size() && p[p.size() - 1 - backslashes] == '\\') ++backslashes;
  if (backslashes % 2 == 1) return std::nullopt;
  PatternMatcher m;
  size_t i = 0;
  while (i < p.size()) {
    Atom atom;
    char c = p[i];
    if (c == '[') {
      if (!Bracket(p, &i, &atom.set)) return std::nullopt;
    } else if (c == '\\') {
      int byte = -1;
      bool whitespace = false;
      if (!Escape(p, &i, &byte, &whitespace)) return std::nullopt;
      if (whitespace) {
        atom.set = Whitespace();
      } else {
        atom.set.set(static_cast<size_t>(byte));
      }
    } else if (std::string_view("^$.|()[]{}*+?").find(c) != std::string_view::npos) {
      return std::nullopt;  // a metacharacter outside the subset
    } else {
      atom.set.set(static_cast<unsigned char>(c));
      ++i;
    }
    if (!Quantifier(p, &i, &atom.min, &atom.max)) return std::nullopt;
    m.atoms_.push_back(atom);
  }
  return m;
}

bool PatternMatcher::Match(size_t index, std::string_view rest) const {
  if (index == atoms_.size()) return rest.empty();
  const Atom& a = atoms_[index];
  size_t n = 0;
  while (n < rest.size() && n < a.max && a.set[static_cast<unsigned char>(rest[n])]) ++n;
  if (n < a.min) return false;
  if (index + 1 == atoms_.size()) return n == rest.size();
  // Greedy: the longest run first, then shorter ones.
  for (size_t k = n;; --k) {
    if (Match(index + 1, rest.substr(k))) return true;
    if (k == a.min) return false;
  }
}

}  // namespace stagegate
