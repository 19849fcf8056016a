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

#include "source/diagnostic_printer.h"

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

bool WriteOutput(const std::string& path, std::string_view content, std::string* error) {
  if (path.empty() || path == "-") {
    std::fflush(stdout);
    if (!WriteAll(STDOUT_FILENO, content)) {
      *error = fmt::format("cannot write to standard output: {}", std::strerror(errno));
      return false;
    }
    return true;
  }
  std::string tmp = path + ".stagegate-tmp-XXXXXX";
  int fd = mkstemp(tmp.data());
  if (fd < 0) {
    *error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
    return false;
  }
  bool ok = WriteAll(fd, content) && fsync(fd) == 0;
  int saved = errno;
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
    *error = fmt::format("cannot write '{}': {}", path, std::strerror(saved));
  }
  return ok;
}

void AddInputOptions(CLI::App& cmd, InputOptions* opts, const std::string& color_help,
                     const std::string& output_help) {
  cmd.add_option("PATH", opts->paths,
                 "Configuration directories (read recursively: *.yaml, *.yml) or files; "
                 "default: the current directory");
  cmd.add_option("--color", opts->color,
                 color_help + ": auto (only on a terminal), always, never; NO_COLOR in the "
                              "environment always turns it off")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_val("auto");
  cmd.add_option("--max-file-size", opts->max_file_size,
                 "Largest configuration file read, e.g. 64MiB (the default), 500KiB; larger "
                 "files are reported as file-too-large")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("SIZE");
  cmd.add_option("-o,--output", opts->output, output_help)->type_name("FILE");
}

CheckedConfig CheckInput(const InputOptions& opts) {
  auto fs = RealFileSystem();
  PipelineOptions pipeline;
  pipeline.limits.max_file_bytes = opts.max_file_size;
  std::vector<std::string> paths = opts.paths;
  if (paths.empty()) paths.push_back(".");
  return LoadAndCheck(*fs, paths, pipeline);
}

void PrintDiagnosticsToStderr(const SourceSet& sources, const Diagnostics& diags,
                              const std::string& color) {
  if (diags.empty()) return;
  PrintOptions print;
  print.color = UseColor(color, STDERR_FILENO);
  std::string text = FormatDiagnostics(sources, diags, print);
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace stagegate
