// Code names and the Diagnostics collection.
#include "source/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace stagegate {
namespace {

struct CodeInfo {
  std::string_view name;
  std::string_view summary;
};

constexpr CodeInfo kCodes[] = {
#define X(id, name, summary) {name, summary},
#include "source/codes.def"
#undef X
};

}  // namespace

std::string_view CodeName(Code code) { return kCodes[static_cast<size_t>(code)].name; }
std::string_view CodeSummary(Code code) { return kCodes[static_cast<size_t>(code)].summary; }

const std::vector<Code>& AllCodes() {
  static const std::vector<Code> all = [] {
    std::vector<Code> codes;
    for (size_t i = 0; i < std::size(kCodes); ++i) codes.push_back(static_cast<Code>(i));
    return codes;
  }();
  return all;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

Diagnostic& Diagnostics::Add(Severity severity, Code code, Location location, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.code = code;
  d.location = location;
  // A message is one line: a name holding a control character (ToolJet's
  // names may) never breaks it or reaches a terminal as an escape sequence.
  d.message = HasControl(message) ? Escaped(message) : std::move(message);
  items_.push_back(std::move(d));
  return items_.back();
}

void Diagnostics::Append(Diagnostics&& other) {
  if (items_.empty()) {
    items_ = std::move(other.items_);
  } else {
    items_.insert(items_.end(), std::make_move_iterator(other.items_.begin()),
                  std::make_move_iterator(other.items_.end()));
  }
  other.items_.clear();
}

void Diagnostics::Sort() {
  auto key = [](const Diagnostic& d) {
    // Findings without a location (about the configuration as a whole) last.
    return std::make_tuple(!d.location.valid(), d.location, d.severity, d.code, std::cref(d.message));
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.location == b.location && a.severity == b.severity && a.code == b.code &&
           a.message == b.message;
  };
  items_.erase(std::unique(items_.begin(), items_.end(), same), items_.end());
}

size_t Diagnostics::error_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t Diagnostics::warning_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kWarning; });
}

}  // namespace stagegate
