// Exit codes, colour and atomic output.
#include "cli/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/usage.h"
#include "render/diagnostics_text.h"
#include "schema/schema.h"
#include "source/timings.h"
#include "source/wording.h"

namespace stagegate {

bool UseColor(std::string_view mode, int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return isatty(fd) == 1;
}

namespace {

bool WriteAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

bool WriteOutput(const std::string& path, std::string_view content) {
  return WriteOutputStreamed(
      path, [&](const std::function<void(std::string_view)>& sink) { sink(content); });
}

bool WriteOutputStreamed(const std::string& path, const OutputProducer& produce) {
  StageTimer timer("write");
  if (path.empty() || path == "-") {
    std::fflush(stdout);
    bool ok = true;
    produce([&](std::string_view piece) { ok = ok && WriteAll(STDOUT_FILENO, piece); });
    if (!ok) std::fprintf(stderr, "stagegate: cannot write to standard output: %s\n", std::strerror(errno));
    return ok;
  }
  std::string tmp = path + ".stagegate-tmp-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) {
    std::fprintf(stderr, "stagegate: cannot write '%s': %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  bool ok = true;
  int saved = 0;
  produce([&](std::string_view piece) {
    if (ok && !WriteAll(fd, piece)) {
      ok = false;
      saved = errno;
    }
  });
  if (ok && fsync(fd) != 0) {
    ok = false;
    saved = errno;
  }
  if (close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  // mkstemp creates 0600; give the file the mode a plain create would.
  if (ok) {
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp.c_str(), 0666 & ~mask);
  }
  if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    unlink(tmp.c_str());
    std::fprintf(stderr, "stagegate: cannot write '%s': %s\n", path.c_str(), std::strerror(saved));
  }
  return ok;
}

CLI::Option* AddColorOption(CLI::App& cmd, std::string* color, const std::string& help) {
  return cmd
      .add_option("--color", *color,
                  help + ": auto (only on a terminal), always, never; NO_COLOR in the "
                         "environment always turns it off")
      ->check(OneOf({"auto", "always", "never"}))
      ->default_val("auto")
      ->type_name("WHEN");
}

namespace {

// "64MiB", "500KiB" -> bytes. Built once: six commands take the option, and
// building its unit table was a tenth of what a command's start costs.
const CLI::AsSizeValue& SizeValue() {
  static const CLI::AsSizeValue size(/*kb_is_1000=*/false);
  return size;
}

}  // namespace

void AddInputOptions(CLI::App& cmd, InputOptions* opts, const std::string& color_help,
                     const std::string& output_help) {
  cmd.add_option("PATH", opts->paths,
                 "Configuration directories (read recursively: *.yaml, *.yml) or files; "
                 "default: the current directory");
  AddColorOption(cmd, &opts->color, color_help);
  cmd.add_option("--max-file-size", opts->max_file_size,
                 "Largest configuration file read, e.g. 64MiB (the default), 500KiB; larger "
                 "files are reported as file-too-large")
      ->transform(SizeValue())
      ->type_name("SIZE");
  cmd.add_option("--max-per-code", opts->max_per_code,
                 "Text output: print at most N findings of each code (each severity), then one "
                 "line counting the rest; 0 prints them all. JSON, SARIF, JUnit and GitHub "
                 "output always have every finding")
      ->type_name("N")
      ->check(NonNegativeInteger())
      ->capture_default_str();
  cmd.add_option("-o,--output", opts->output, output_help)->type_name("FILE");
  cmd.add_flag_callback("--timings", [] { EnableTimings(); },
                        "Print the time each stage took (load, schema, model, checks, compile, "
                        "render, ...), the CPU time and the peak memory on standard error");
}

CLI::Option* AddFormatOption(CLI::App& cmd, std::string* format,
                             const std::vector<std::string>& names, const std::string& help) {
  return cmd.add_option("--format", *format, help)
      ->check(OneOf(names))
      ->default_val(names.front())
      ->type_name("FORMAT");
}

CheckedConfig CheckInput(const InputOptions& opts) {
  auto fs = RealFileSystem();
  PipelineOptions pipeline;
  pipeline.limits.max_file_bytes = opts.max_file_size;
  return LoadAndCheck(*fs, InputPaths(opts), pipeline);
}

void PrintErrorCount(std::string_view outcome, std::string_view what, size_t errors) {
  fmt::print(stderr, "stagegate: {}: {} has {}\n", outcome, what, Plural(errors, "error", "errors"));
}

PrintOptions TextPrintOptions(const InputOptions& opts, int fd) {
  PrintOptions print;
  print.color = UseColor(opts.color, fd);
  print.max_per_code = opts.max_per_code;
  return print;
}

void PrintDiagnosticsToStderr(const SourceSet& sources, const Diagnostics& diags,
                              const InputOptions& opts) {
  if (diags.empty()) return;
  std::string text = FormatDiagnostics(sources, diags, TextPrintOptions(opts, STDERR_FILENO));
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

bool MatrixFitsOutput(const AccessMatrix& matrix, const std::string& what,
                      const std::string& instead) {
  const Workspace& ws = matrix.workspace();
  uint64_t cells = uint64_t{ws.users.size()} * ws.apps.size() * matrix.column_count();
  if (cells <= kMaxMatrixCells) return true;
  std::fprintf(stderr,
               "stagegate: the matrix has %s cells (%zu users x %zu apps x %zu columns), more "
               "than %s writes (%s); %s\n",
               Thousands(cells).c_str(), ws.users.size(), ws.apps.size(), matrix.column_count(),
               what.c_str(), Thousands(kMaxMatrixCells).c_str(), instead.c_str());
  return false;
}

bool WriteConfigurationFiles(const std::string& dir,
                             const std::vector<std::pair<std::string, std::string>>& files,
                             bool force, std::string_view force_what) {
  if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
    std::fprintf(stderr, "stagegate: cannot create the directory '%s': %s\n", dir.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::vector<std::pair<std::string, std::string_view>> paths;
  for (const auto& [name, text] : files) paths.emplace_back(dir + "/" + name, text);
  std::string schema(EmbeddedSchema());
  paths.emplace_back(dir + "/stagegate.schema.json", schema);
  if (!force) {
    for (const auto& entry : paths) {
      struct stat st;
      if (stat(entry.first.c_str(), &st) == 0) {
        std::fprintf(stderr,
                     "stagegate: '%s' already exists; nothing was written (use --force to %.*s)\n",
                     entry.first.c_str(), static_cast<int>(force_what.size()), force_what.data());
        return false;
      }
    }
  }
  for (const auto& [path, text] : paths) {
    if (!WriteOutput(path, text)) return false;
  }
  return true;
}

CLI::Option* AddCurrentOption(CLI::App& cmd, std::string* current, std::string* workspace,
                              const std::string& what) {
  cmd.add_option("--workspace", *workspace,
                 "With --current postgresql://...: the ToolJet workspace to read, by name or "
                 "slug (default: the configuration's `workspace`)")
      ->type_name("NAME");
  return cmd
      .add_option("--current", *current,
                  what + ": a configuration directory, a state file (compile --format json), "
                         "git:REF (the same paths at a git revision, e.g. git:origin/main), or "
                         "a ToolJet database URL, postgresql://USER@HOST/DB (the live "
                         "workspace, read-only; docs/import.md)")
      ->type_name("CURRENT");
}

std::vector<std::string> InputPaths(const InputOptions& opts) {
  std::vector<std::string> paths = opts.paths;
  if (paths.empty()) paths.push_back(".");
  return paths;
}

int LoadCurrentOrFail(const std::string& spec, const InputOptions& opts, const char* verb,
                      const CheckedConfig& desired, CurrentState* out, CurrentPrefetch* prefetch) {
  PipelineOptions pipeline;
  pipeline.limits.max_file_bytes = opts.max_file_size;
  pipeline.parsed_before = &desired.loaded;
  pipeline.access_checks = false;
  Diagnostics diags;
  bool cannot_run = false;
  TimingPrefix prefix("current state");
  LiveTarget live{opts.workspace, desired.workspace.get()};
  if (live.workspace.empty() && desired.workspace) live.workspace = desired.workspace->name.name;
  bool loaded = LoadCurrent(spec, InputPaths(opts), pipeline, out, diags, &cannot_run, prefetch,
                            live);
  diags.Sort();
  PrintDiagnosticsToStderr(out->loaded.sources, diags, opts);
  if (cannot_run) return kExitCannotRun;
  if (!loaded || !out->access || diags.error_count() > 0) {
    PrintErrorCount(fmt::format("cannot {}", verb),
                    fmt::format("the current state '{}'", out->label),
                    diags.error_count());
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace stagegate
