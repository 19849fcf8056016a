// The wording every message and output shares: plurals, lists ("a, b and
// c"), quoting and sizes. Messages use these rather than writing their own,
// so a list or a plural reads the same everywhere.
#ifndef STAGEGATE_SOURCE_WORDING_H_
#define STAGEGATE_SOURCE_WORDING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace stagegate {

// ASCII letters lower-cased, every other byte kept: how e-mail keys, option
// names and suggestions fold case (never by locale).
inline char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// "1 user", "3 users": `n` and the noun in the number it needs.
std::string Plural(size_t n, std::string_view one, std::string_view many);

// The word alone, in the number `n` needs: PluralWord(1, "it", "them") is
// "it", PluralWord(2, "app", "apps") is "apps".
std::string_view PluralWord(size_t n, std::string_view one, std::string_view many);

// "a", "a and b", "a, b and c" ("" for none). With `more` > 0 the list was
// cut: "a, b, c and 4 more".
std::string JoinAnd(const std::vector<std::string>& items, size_t more = 0);

// The same, each item written by `text(item)`.
template <typename Items, typename Text,
          typename = std::enable_if_t<
              std::is_invocable_v<Text&, const typename Items::value_type&>>>
std::string JoinAnd(const Items& items, Text&& text, size_t more = 0) {
  std::vector<std::string> words;
  words.reserve(items.size());
  for (const auto& item : items) words.emplace_back(text(item));
  return JoinAnd(words, more);
}

// Names quoted and joined: "'a', 'b' and 'c'". When `total` is more than
// the names given (a list cut for length), the rest are counted: "'a', 'b'
// and 3 more"; when it is fewer, only the first `total` are shown.
std::string QuoteList(const std::vector<std::string_view>& names, size_t total);
inline std::string QuoteList(const std::vector<std::string_view>& names) {
  return QuoteList(names, names.size());
}

// A name in a message, as written: 'payroll', whole, but a control character
// escaped as Escaped does (ToolJet's names may hold them; check warns).
std::string Quote(std::string_view name);

// Text the user typed, made safe for a one-line message: control characters
// escaped (\n, \t, \x01), cut to kMaxQuotedChars characters ("..." marks the
// cut). QuoteInput adds the single quotes.
std::string Printable(std::string_view text);
std::string QuoteInput(std::string_view text);

// The same escapes without the cut, and the cut at `max_chars` characters
// (npos: none); HasControl says whether `text` needs them at all.
std::string Escaped(std::string_view text);
std::string EscapedUpTo(std::string_view text, size_t max_chars);
bool HasControl(std::string_view text);

// A whole output (plan, matrix, explanation) made safe for a terminal: every
// control character but the line structure's (\n, \r, \t) escaped as \xHH,
// so a name holding an escape sequence (ToolJet's names may) is shown, not
// run. JSON never holds one raw, so JSON passes through unchanged.
std::string TerminalSafe(std::string text);

// 1000000 -> "1,000,000".
std::string Thousands(uint64_t n);

// A measured size: "1.5 GiB", "100.0 MiB", "12.5 KiB", "300 B".
std::string FormatSize(uint64_t bytes);

// A limit, exact: "64 MiB", "256 KiB", "1 GiB", "100 B".
std::string FormatLimit(uint64_t bytes);

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_WORDING_H_
