// What every subcommand shares: exit codes, the colour decision, and writing
// output (to stdout, or atomically to a file with -o).
#ifndef STAGEGATE_CLI_COMMON_H_
#define STAGEGATE_CLI_COMMON_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/pipeline.h"
#include "render/diagnostics_text.h"
#include "source/limits.h"
#include "source/timings.h"
#include "current/current.h"

namespace CLI {
class App;
class Option;
}

namespace stagegate {

enum ExitCode : int {
  kExitOk = 0,          // valid; no changes
  kExitFindings = 1,    // errors in the configuration, a failed assertion (--werror: warnings)
  kExitChanges = 2,     // plan --detailed-exitcode: valid, with changes
  kExitCannotRun = 3,   // bad usage, unreadable input, internal error
};

// --color auto|always|never. Never when NO_COLOR is set (to anything but
// the empty string); `auto` only when `fd` is a terminal and TERM is not "dumb".
bool UseColor(std::string_view mode, int fd);

// Writes `content` to stdout when `path` is empty or "-". Otherwise writes a
// temporary file beside `path` and renames it over `path`, so a reader never
// sees a partial file and a failed run leaves any old file untouched.
// On failure it says why on standard error ("stagegate: cannot write ...")
// and returns false; the command then exits 3.
bool WriteOutput(const std::string& path, std::string_view content);

// The same for output made in pieces: `produce` hands each piece to the sink
// it is given, in order, and the file is renamed into place only after the
// last (so a large output need not be whole in memory).
using OutputProducer = std::function<void(const std::function<void(std::string_view)>&)>;
bool WriteOutputStreamed(const std::string& path, const OutputProducer& produce);

// Writes a configuration into directory `dir` (created if missing): each
// (file name, text) of `files`, then stagegate.schema.json, the schema the
// files' modelines point at. Unless `force`, an existing file stops it
// before anything is written ("... use --force to `force_what`"). False after
// saying why on standard error (the command then exits 3).
bool WriteConfigurationFiles(const std::string& dir,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             bool force, std::string_view force_what);

// The options of every command that reads a configuration.
struct InputOptions {
  std::vector<std::string> paths;  // default: "."
  std::string color = "auto";
  std::string output;              // -o FILE; empty: standard output
  uint64_t max_file_size = LoadLimits{}.max_file_bytes;
  // Text findings printed per code and severity (--max-per-code; 0: all).
  size_t max_per_code = kDefaultMaxFindingsPerCode;
  // --workspace: the ToolJet workspace a --current database URL is read for
  // (default: the configuration's `workspace`).
  std::string workspace;
};

// Registers --color (auto, always, never; default auto); `help` says what is
// coloured.
CLI::Option* AddColorOption(CLI::App& cmd, std::string* color, const std::string& help);

// Registers PATH..., --color, --max-file-size and -o,--output on `cmd`.
// `color_help` and `output_help` say what colour and -o apply to.
void AddInputOptions(CLI::App& cmd, InputOptions* opts, const std::string& color_help,
                     const std::string& output_help);

// Runs the whole pipeline (LoadAndCheck) on the real file system.
CheckedConfig CheckInput(const InputOptions& opts);

// Prints the findings (text with code frames) on standard error, coloured
// as --color and the terminal allow, capped by --max-per-code. `sources` is
// the SourceSet the diagnostics point into.
void PrintDiagnosticsToStderr(const SourceSet& sources, const Diagnostics& diags,
                              const InputOptions& opts);
inline void PrintDiagnosticsToStderr(const CheckedConfig& checked, const InputOptions& opts) {
  PrintDiagnosticsToStderr(checked.loaded.sources, checked.diags, opts);
}

// The text printing options of --color (for output to `fd`) and --max-per-code.
// Why a command stopped, on standard error: "stagegate: not compiled: the
// configuration has 2 errors" (the findings themselves are printed before).
void PrintErrorCount(std::string_view outcome, std::string_view what, size_t errors);

PrintOptions TextPrintOptions(const InputOptions& opts, int fd);

// Whether `matrix` has at most kMaxMatrixCells cells; if not, says so on
// standard error, naming `what` ("compile --format csv") and `instead`.
bool MatrixFitsOutput(const AccessMatrix& matrix, const std::string& what,
                      const std::string& instead);

// A command's output formats, one table of (name, renderer), so that the
// --format choices and the dispatch cannot disagree (a format added to one
// and not the other used to fall through to the default). The first is the
// default.
template <typename Renderer>
using FormatTable = std::vector<std::pair<std::string, Renderer>>;

// Registers --format with `names` as its only choices, the first the default.
CLI::Option* AddFormatOption(CLI::App& cmd, std::string* format,
                             const std::vector<std::string>& names, const std::string& help);
template <typename Renderer>
CLI::Option* AddFormatOption(CLI::App& cmd, std::string* format,
                             const FormatTable<Renderer>& table, const std::string& help) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.push_back(entry.first);
  return AddFormatOption(cmd, format, names, help);
}

// The renderer of format `name` (one of the table's: the option checked it).
template <typename Renderer>
const Renderer& FormatRenderer(const FormatTable<Renderer>& table, const std::string& name) {
  for (const auto& entry : table) {
    if (entry.first == name) return entry.second;
  }
  return table.front().second;
}

// Registers --current CURRENT, and --workspace for a database URL there;
// `what` starts its help ("The current state").
CLI::Option* AddCurrentOption(CLI::App& cmd, std::string* current, std::string* workspace,
                              const std::string& what);

// The configuration's paths as the commands read them ("." when none given).
std::vector<std::string> InputPaths(const InputOptions& opts);

// Loads --current `spec` (a directory, a state file or git:REF) for the same
// paths as the configuration, printing its findings on standard error.
// Returns 0 when it loaded without errors (`out` is then usable), else the
// exit code the command returns (1: the current state has errors, 3: it
// cannot be read). `verb` completes "stagegate: cannot VERB: ...".
// `desired` is the configuration just loaded: the current state's files
// that are byte for byte the same are not parsed again.
// `prefetch`, when given, was started for `spec` before the configuration
// loaded (git is read beside it).
int LoadCurrentOrFail(const std::string& spec, const InputOptions& opts, const char* verb,
                      const CheckedConfig& desired, CurrentState* out,
                      CurrentPrefetch* prefetch = nullptr);

}  // namespace stagegate

#endif  // STAGEGATE_CLI_COMMON_H_
