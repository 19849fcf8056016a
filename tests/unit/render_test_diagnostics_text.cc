// The text printer of findings: code frames, carets counted in characters,
// related notes, redaction of secrets, control bytes, long lines, colour.
#include <catch2/catch.hpp>

#include <string>

#include "render/diagnostics_text.h"
#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {
namespace {

struct Fixture {
  SourceSet sources;
  uint32_t file;
  Fixture() {
    file = sources.Add("groups.yaml",
                       "groups:\r\n  qa:\n    apps:\n      - apps: [payrol]\n"
                       "    note: caf\xC3\xA9 [x]\n");
  }
  Diagnostic Make(uint32_t line, uint32_t col, uint32_t len, std::string msg) {
    Diagnostic d;
    d.code = Code::kUnknownReference;
    d.location = {file, line, col};
    d.length = len;
    d.message = std::move(msg);
    return d;
  }
};

TEST_CASE("a diagnostic prints as file:line:col with the source line and a caret") {
  Fixture f;
  Diagnostic d = f.Make(4, 16, 6, "unknown app 'payrol' in group 'qa' (did you mean 'payroll'?)");
  CHECK(FormatHeadline(f.sources, d) ==
        "groups.yaml:4:16: error: unknown app 'payrol' in group 'qa' (did you mean 'payroll'?) "
        "[unknown-reference]");
  CHECK(FormatDiagnostic(f.sources, d, PrintOptions{}) ==
        "groups.yaml:4:16: error: unknown app 'payrol' in group 'qa' (did you mean 'payroll'?) "
        "[unknown-reference]\n"
        "    4 |       - apps: [payrol]\n"
        "      |                ^~~~~~\n");
}

TEST_CASE("carets count characters, not bytes, and CRLF is not shown") {
  Fixture f;
  Diagnostic d = f.Make(5, 17, 1, "x");
  CHECK(FormatDiagnostic(f.sources, d, PrintOptions{}) ==
        "groups.yaml:5:17: error: x [unknown-reference]\n"
        "    5 |     note: caf\xC3\xA9 [x]\n"
        "      |                 ^\n");
  Diagnostic first = f.Make(1, 1, 6, "y");
  CHECK(FormatDiagnostic(f.sources, first, PrintOptions{}) ==
        "groups.yaml:1:1: error: y [unknown-reference]\n"
        "    1 | groups:\n"
        "      | ^~~~~~\n");
}

TEST_CASE("related notes print with their own frame") {
  Fixture f;
  Diagnostic d = f.Make(4, 9, 4, "second");
  d.code = Code::kDuplicateKey;
  d.Related({f.file, 3, 5}, "first 'apps' is here");
  CHECK(FormatDiagnostic(f.sources, d, PrintOptions{}) ==
        "groups.yaml:4:9: error: second [duplicate-key]\n"
        "    4 |       - apps: [payrol]\n"
        "      |         ^~~~\n"
        "groups.yaml:3:5: note: first 'apps' is here\n"
        "    3 |     apps:\n"
        "      |     ^\n");
}

TEST_CASE("a redacted line never shows the secret, whatever points at it") {
  SourceSet sources;
  uint32_t file = sources.Add("c.yaml", "values:\n  production: hunter2-s3cret # note\n");
  sources.Redact({file, 2, 15});
  Diagnostic d;
  d.code = Code::kPlaintextSecret;
  d.location = {file, 2, 15};
  d.length = 14;
  d.message = "secret";
  std::string text = FormatDiagnostic(sources, d, PrintOptions{});
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text ==
        "c.yaml:2:15: error: secret [plaintext-secret]\n"
        "    2 |   production: ********\n"
        "      |               ^~~~~~~~\n");
  // A finding at the key on the same line still hides the value.
  d.location = {file, 2, 3};
  d.length = 10;
  text = FormatDiagnostic(sources, d, PrintOptions{});
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text.find("    2 |   production: ********\n") != std::string::npos);
}

TEST_CASE("control bytes and terminal escapes from the input are not printed raw") {
  SourceSet sources;
  uint32_t file = sources.Add("x.yaml", "a: \x1b[31mred\x07\n");
  Diagnostic d;
  d.location = {file, 1, 1};
  std::string text = FormatDiagnostic(sources, d, PrintOptions{});
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("    1 | a: ?[31mred?\n") != std::string::npos);
}

TEST_CASE("long lines are cut around the caret") {
  SourceSet sources;
  std::string line = "k: [" + std::string(1000, 'a') + "b" + std::string(1000, 'a') + "]";
  uint32_t file = sources.Add("x.yaml", line);
  Diagnostic d;
  d.location = {file, 1, 1005};
  std::string text = FormatDiagnostic(sources, d, PrintOptions{});
  CHECK(text.size() < 600);
  // The caret still sits under the 'b'.
  auto lines_start = text.find("\n") + 1;
  std::string source_line = text.substr(lines_start, text.find('\n', lines_start) - lines_start);
  std::string caret_line = text.substr(text.find('\n', lines_start) + 1);
  size_t b = source_line.find('b');
  size_t caret = caret_line.find('^');
  CHECK(b == caret);
}

TEST_CASE("colour wraps severity and caret in ANSI codes only when asked") {
  Fixture f;
  Diagnostic d = f.Make(4, 16, 6, "m");
  PrintOptions color;
  color.color = true;
  std::string text = FormatDiagnostic(f.sources, d, color);
  CHECK(text.find("\x1b[1;31merror") != std::string::npos);
  CHECK(FormatDiagnostic(f.sources, d, PrintOptions{}).find('\x1b') == std::string::npos);
}

TEST_CASE("findings without a position name the file or the whole configuration") {
  Fixture f;
  Diagnostic d = f.Make(0, 0, 1, "no version");
  d.code = Code::kMissingVersion;
  CHECK(FormatDiagnostic(f.sources, d, PrintOptions{}) ==
        "groups.yaml: error: no version [missing-version]\n");
  d.location.file = 99;
  CHECK(FormatHeadline(f.sources, d) == "stagegate: error: no version [missing-version]");
}

}  // namespace
}  // namespace stagegate
