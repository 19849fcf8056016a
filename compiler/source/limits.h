// Every limit stagegate sets on what it reads and what it prints, in one
// place. docs/limits.md states each one and what happens past it; a test
// (tests/unit/source_test_docs.cc) keeps the two in step.
#ifndef STAGEGATE_SOURCE_LIMITS_H_
#define STAGEGATE_SOURCE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace stagegate {

// --- Reading configuration files (LoadLimits holds the adjustable ones) ---

// Bytes per configuration file, unless --max-file-size says otherwise.
inline constexpr uint64_t kDefaultMaxFileBytes = 64ull << 20;
// yaml-cpp holds every token of a line (about 70 bytes per byte of a flow
// collection) while it decides whether a node is a key, so a line is limited
// to keep memory bounded...
inline constexpr size_t kMaxLineBytes = 1 << 20;
// ...and so is one flow collection ([...] or {...}); no hand-written one
// comes near, and a long list reads better in block style.
inline constexpr size_t kMaxFlowBytes = 256 << 10;
// Lists and mappings nested in one document.
inline constexpr uint32_t kMaxDepth = 64;
// Nodes reached through aliases and merge keys, per file ("billion laughs").
inline constexpr uint64_t kMaxAliasNodes = 1'000'000;

// --- The format (the schema and the checks) ---

// Environments in the pipeline (the schema's maxItems for `environments`).
inline constexpr size_t kMaxDeclaredEnvironments = 8;
// Characters in one value of a global constant (ToolJet's own limit).
inline constexpr uint32_t kMaxGlobalValueLength = 10'000;

// --- Reading the current state (plan, report --current) ---

// A state file may be far larger than a configuration file: it spells out
// the access matrix.
inline constexpr uint64_t kMaxStateFileBytes = 1ull << 30;
// Each git command run for `git:REF` (rev-parse, ls-tree, cat-file) must end
// within this many seconds, unless STAGEGATE_GIT_TIMEOUT says otherwise; past
// it git and whatever it started are stopped and the command exits 3.
inline constexpr uint32_t kGitTimeoutSeconds = 120;

// --- Output ---

// Outputs that spell out every (user, app, column) cell refuse more than
// this many: past it the output would be gigabytes no reviewer or
// spreadsheet reads. The state file has no such limit.
inline constexpr uint64_t kMaxMatrixCells = 10'000'000;
// The HTML and Markdown reports list at most this many access and this many
// configuration changes; `stagegate plan` has them all.
inline constexpr size_t kReportMaxChangeRows = 2000;
// `plan --format markdown` stays under this many characters (a GitHub
// comment holds 65,536) by summarising the tail of long lists.
inline constexpr size_t kPlanMarkdownMaxChars = 60'000;
// Text output prints at most this many findings of one code and severity,
// then a line counting the rest, unless --max-per-code says otherwise (0: all).
inline constexpr size_t kDefaultMaxFindingsPerCode = 10;
// A code frame shows at most this many columns of a line, around the caret.
inline constexpr uint32_t kCodeFrameMaxColumns = 200;
// A message quotes at most this many characters of a value.
inline constexpr size_t kMaxQuotedChars = 64;

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_LIMITS_H_
