// Diagnostics: what every stage reports instead of throwing. A diagnostic has
// a severity, a stable code (codes.def), a location and a message that says
// what is wrong and what to do; related notes point at other places (e.g.
// "first defined here"). Stages collect them in a Diagnostics list, so one
// run reports every finding.
#ifndef STAGEGATE_SOURCE_DIAGNOSTIC_H_
#define STAGEGATE_SOURCE_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "source/location.h"
#include "source/wording.h"

namespace stagegate {

enum class Code : uint16_t {
#define X(id, name, summary) id,
#include "source/codes.def"
#undef X
};

// "duplicate-key" for Code::kDuplicateKey, and the one-line meaning.
std::string_view CodeName(Code code);
std::string_view CodeSummary(Code code);
// Every code, in codes.def order.
const std::vector<Code>& AllCodes();

enum class Severity : uint8_t { kError, kWarning, kNote };
std::string_view SeverityName(Severity severity);  // "error", "warning", "note"

struct RelatedLocation {
  Location location;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  Code code = Code::kYamlSyntax;
  Location location;
  // Characters to underline from location.column (at least 1 is shown).
  uint32_t length = 1;
  std::string message;
  std::vector<RelatedLocation> related;

  // Chainable, for use right after Diagnostics::Error & co.
  Diagnostic& Underline(uint32_t chars) {
    length = chars == 0 ? 1 : chars;
    return *this;
  }
  Diagnostic& Related(Location where, std::string what) {
    related.push_back({where, HasControl(what) ? Escaped(what) : std::move(what)});
    return *this;
  }
};

class Diagnostics {
 public:
  // The returned reference is valid until the next diagnostic is added.
  Diagnostic& Add(Severity severity, Code code, Location location, std::string message);
  Diagnostic& Error(Code code, Location location, std::string message) {
    return Add(Severity::kError, code, location, std::move(message));
  }
  Diagnostic& Warning(Code code, Location location, std::string message) {
    return Add(Severity::kWarning, code, location, std::move(message));
  }

  // Appends all of `other` (used to merge per-file results).
  void Append(Diagnostics&& other);

  // Orders by location (file id, line, column), then severity, code and
  // message, and drops exact duplicates. File ids are assigned in sorted path
  // order, so the result does not depend on the order work was done in.
  void Sort();

  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  size_t error_count() const;
  size_t warning_count() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_DIAGNOSTIC_H_
