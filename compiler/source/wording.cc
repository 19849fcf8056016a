#include "source/wording.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "source/limits.h"

namespace stagegate {

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string_view PluralWord(size_t n, std::string_view one, std::string_view many) {
  return n == 1 ? one : many;
}

std::string JoinAnd(const std::vector<std::string>& items, size_t more) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() && more == 0 ? " and " : ", ";
    out += items[i];
  }
  if (more > 0) out += fmt::format("{}{} more", items.empty() ? "" : " and ", more);
  return out;
}

std::string QuoteList(const std::vector<std::string_view>& names, size_t total) {
  const size_t shown = std::min(names.size(), total);
  std::vector<std::string> quoted;
  quoted.reserve(shown);
  for (size_t i = 0; i < shown; ++i) quoted.push_back(Quote(names[i]));
  return JoinAnd(quoted, total - shown);
}

std::string Quote(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '\'';
  out += HasControl(name) ? Escaped(name) : std::string(name);
  out += '\'';
  return out;
}

bool HasControl(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string TerminalSafe(std::string text) {
  auto unsafe = [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\r' && c != '\t') || u == 0x7f;
  };
  if (std::none_of(text.begin(), text.end(), unsafe)) return text;
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    if (unsafe(c)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

std::string Escaped(std::string_view text) { return EscapedUpTo(text, std::string_view::npos); }

std::string Printable(std::string_view text) { return EscapedUpTo(text, kMaxQuotedChars); }

std::string EscapedUpTo(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80 && chars++ == max_chars) {
      out += "...";
      break;
    }
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string QuoteInput(std::string_view text) { return Quote(Printable(text)); }

std::string FormatSize(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < (1u << 20)) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  if (bytes < (1u << 30)) return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
  return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024.0 * 1024.0));
}

std::string FormatLimit(uint64_t bytes) {
  for (auto [shift, unit] : {std::pair{30, "GiB"}, std::pair{20, "MiB"}, std::pair{10, "KiB"}}) {
    uint64_t one = uint64_t{1} << shift;
    if (bytes >= one && bytes % one == 0) return fmt::format("{} {}", bytes >> shift, unit);
  }
  return fmt::format("{} B", bytes);
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace stagegate
