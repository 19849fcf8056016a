// JUnit XML rendering of diagnostics.
#include "render/diagnostics_junit.h"

#include <fmt/format.h>

#include "render/diagnostics_text.h"

namespace stagegate {
namespace {

// Decodes one UTF-8 sequence at `text[*i]`, advancing `*i`; invalid or
// truncated sequences decode to U+FFFD, one byte at a time.
char32_t DecodeUtf8(std::string_view text, size_t* i) {
  unsigned char c = static_cast<unsigned char>(text[*i]);
  int extra = 0;
  char32_t cp = 0;
  if (c < 0x80) {
    ++*i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    ++*i;
    return 0xFFFD;
  }
  if (*i + extra >= text.size()) {  // truncated
    ++*i;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    unsigned char next = static_cast<unsigned char>(text[*i + k]);
    if ((next & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return 0xFFFD;
  }
  *i += extra + 1;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string TestName(const SourceSet& sources, const Diagnostic& d) {
  std::string code(CodeName(d.code));
  if (d.location.file >= sources.size()) return code;
  return code + " at " + FormatLocation(sources, d.location);
}

std::string ClassName(const SourceSet& sources, const Diagnostic& d) {
  if (d.location.file >= sources.size()) return "stagegate";
  return sources.file(d.location.file).path();
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char32_t cp = DecodeUtf8(text, &i);
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) break;  // not allowed in XML 1.0
        AppendUtf8(cp, &out);
    }
  }
  return out;
}

std::string DiagnosticsToJunit(const SourceSet& sources, const Diagnostics& diags,
                               bool warnings_fail) {
  PrintOptions plain;
  plain.color = false;
  plain.code_frame = false;  // never source lines: they may hold secrets
  std::string cases;
  size_t tests = 0;
  size_t failures = 0;
  for (const Diagnostic& d : diags.items()) {
    ++tests;
    std::string text = FormatDiagnostic(sources, d, plain);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n",
                         XmlEscape(ClassName(sources, d)), XmlEscape(TestName(sources, d)));
    bool fails = d.severity == Severity::kError || warnings_fail;
    if (fails) {
      ++failures;
      cases += fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                           XmlEscape(d.message), CodeName(d.code), XmlEscape(text));
    } else {
      cases += fmt::format("      <system-out>{}</system-out>\n", XmlEscape(text));
    }
    cases += "    </testcase>\n";
  }
  if (tests == 0) {
    tests = 1;
    cases += "    <testcase classname=\"stagegate\" name=\"configuration is valid\"/>\n";
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"stagegate\" tests=\"{0}\" failures=\"{1}\" errors=\"0\">\n"
      "  <testsuite name=\"stagegate check\" tests=\"{0}\" failures=\"{1}\" errors=\"0\" "
      "skipped=\"0\">\n"
      "{2}"
      "  </testsuite>\n"
      "</testsuites>\n",
      tests, failures, cases);
}

}  // namespace stagegate
