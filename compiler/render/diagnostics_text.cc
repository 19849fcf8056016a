// Text rendering of diagnostics with code frames, colour and redaction.
#include "render/diagnostics_text.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "source/limits.h"
#include "source/wording.h"

namespace stagegate {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";

const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError: return "\x1b[1;31m";
    case Severity::kWarning: return "\x1b[1;35m";
    case Severity::kNote: return "\x1b[1;36m";
  }
  return "";
}

// Display width of the first `chars` code points of `line`, with tabs kept
// as tabs so the caret line lines up under them.
std::string Padding(std::string_view line, uint32_t chars) {
  std::string pad;
  uint32_t seen = 0;
  for (size_t i = 0; i < line.size() && seen < chars; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    pad += c == '\t' ? '\t' : ' ';
    ++seen;
  }
  while (seen < chars) pad += ' ', ++seen;
  return pad;
}

// Replaces invalid or control bytes so a frame never carries terminal
// escapes or broken UTF-8 from the input into the user's terminal.
std::string Printable(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      out += (c < 0x20 && c != '\t') || c == 0x7f ? '?' : static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = len != 0 && i + len <= line.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      out.append(line.substr(i, len));
      i += len;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

// Cuts a line to `from_column - 1` code points and appends the mask.
std::string Redacted(std::string_view line, uint32_t from_column) {
  std::string out;
  uint32_t seen = 0;
  size_t i = 0;
  for (; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) {
      if (seen + 1 == from_column) break;
      ++seen;
    }
  }
  out.assign(line.substr(0, i));
  out += "********";
  return out;
}

void AppendFrame(const SourceSet& sources, const Location& loc, uint32_t length,
                 const PrintOptions& options, const char* color, std::string* out) {
  if (!loc.valid() || loc.file >= sources.size()) return;
  const SourceFile& file = sources.file(loc.file);
  if (loc.line > file.line_count()) return;
  std::string line = Printable(file.Line(loc.line));
  uint32_t redacted = sources.RedactedFrom(loc.file, loc.line);
  if (redacted != 0) {
    line = Redacted(line, redacted);
    // Underline the mask, never past it: its width says nothing of the value.
    if (loc.column >= redacted) length = 8;
  }
  // Long lines (minified input) are cut around the caret.
  uint32_t column = loc.column == 0 ? 1 : loc.column;
  std::string shown = line;
  uint32_t shown_column = column;
  size_t line_chars = std::count_if(line.begin(), line.end(),
                                    [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  if (line_chars > kCodeFrameMaxColumns) {
    uint32_t start = column > kCodeFrameMaxColumns / 2 ? column - kCodeFrameMaxColumns / 2 : 1;
    // Byte offsets of the code points start .. start + kCodeFrameMaxColumns.
    size_t b = 0, cp = 1, begin = 0, end = line.size();
    for (; b < line.size(); ++b) {
      if ((static_cast<unsigned char>(line[b]) & 0xC0) == 0x80) continue;
      if (cp == start) begin = b;
      if (cp == start + kCodeFrameMaxColumns) {
        end = b;
        break;
      }
      ++cp;
    }
    shown = (start > 1 ? "..." : "") + line.substr(begin, end - begin) + (end < line.size() ? "..." : "");
    shown_column = column - start + 1 + (start > 1 ? 3 : 0);
    length = std::min(length, kCodeFrameMaxColumns);
  }
  std::string gutter = fmt::format("{:>5}", loc.line);
  std::string blank(gutter.size(), ' ');
  *out += fmt::format("{} | {}\n", gutter, shown);
  std::string marker = "^" + std::string(length > 1 ? length - 1 : 0, '~');
  std::string pad = Padding(shown, shown_column - 1);
  if (options.color) {
    *out += fmt::format("{} | {}{}{}{}\n", blank, pad, color, marker, kReset);
  } else {
    *out += fmt::format("{} | {}{}\n", blank, pad, marker);
  }
}

}  // namespace

std::string FormatDiagnostic(const SourceSet& sources, const Diagnostic& d,
                             const PrintOptions& options) {
  std::string out;
  const char* color = SeverityColor(d.severity);
  if (options.color) {
    std::string where = d.location.valid() || d.location.file < sources.size()
                            ? FormatLocation(sources, d.location)
                            : "stagegate";
    out += fmt::format("{}{}:{} {}{}:{} {}{} [{}]{}\n", kBold, where, kReset, color,
                       SeverityName(d.severity), kReset, kBold, d.message, CodeName(d.code), kReset);
  } else {
    out += FormatHeadline(sources, d) + "\n";
  }
  if (options.code_frame) AppendFrame(sources, d.location, d.length, options, color, &out);
  for (const RelatedLocation& r : d.related) {
    const char* note_color = SeverityColor(Severity::kNote);
    if (options.color) {
      out += fmt::format("{}{}:{} {}note:{} {}\n", kBold, FormatLocation(sources, r.location), kReset,
                         note_color, kReset, r.message);
    } else {
      out += fmt::format("{}: note: {}\n", FormatLocation(sources, r.location), r.message);
    }
    if (options.code_frame) AppendFrame(sources, r.location, 1, options, note_color, &out);
  }
  return out;
}

std::string FormatDiagnostics(const SourceSet& sources, const Diagnostics& diags,
                              const PrintOptions& options) {
  std::string out;
  // Findings per (code, severity), in the order each was first printed.
  std::vector<std::pair<std::pair<Code, Severity>, size_t>> seen;
  for (const Diagnostic& d : diags.items()) {
    if (options.max_per_code > 0) {
      auto key = std::make_pair(d.code, d.severity);
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
      if (it == seen.end()) it = seen.insert(seen.end(), {key, 0});
      if (++it->second > options.max_per_code) continue;
    }
    out += FormatDiagnostic(sources, d, options);
  }
  for (const auto& [key, count] : seen) {
    if (count <= options.max_per_code) continue;
    size_t left_out = count - options.max_per_code;
    std::string_view severity = SeverityName(key.second);
    std::string what = fmt::format("{} more [{}] {}{} not shown; --max-per-code 0 shows every one",
                                   Thousands(left_out), CodeName(key.first), severity,
                                   PluralWord(left_out, "", "s"));
    if (options.color) {
      out += fmt::format("{}stagegate:{} {}note:{} {}\n", kBold, kReset,
                         SeverityColor(Severity::kNote), kReset, what);
    } else {
      out += "stagegate: note: " + what + "\n";
    }
  }
  return out;
}

}  // namespace stagegate
