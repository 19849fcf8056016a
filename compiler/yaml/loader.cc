// Load: find the configuration files, read them within the size limit, add
// them to the SourceSet in display-path order (so file ids, and therefore
// diagnostics, sort by path), then parse them on up to two threads, each
// with its own Diagnostics, merged in file-id order.
#include "yaml/loader.h"

#include <algorithm>
#include <atomic>
#include <new>
#include <thread>

#include <fmt/format.h>

#include "yaml/discover.h"

namespace stagegate {
namespace {

constexpr unsigned kMaxThreads = 2;

// "100.0 MiB", "12.5 KiB", "300 B".
std::string FormatSize(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < (1u << 20)) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

// A limit as configured: "64 MiB", "16 KiB", "100 B".
std::string FormatLimit(uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} B", bytes);
}

void TooLarge(uint32_t file, uint64_t size, const LoadLimits& limits, Diagnostics& diags) {
  diags.Error(Code::kFileTooLarge, Location{file, 0, 0},
              fmt::format("file is {}, over the {} limit; split it into several files",
                          FormatSize(size), FormatLimit(limits.max_file_bytes)));
}

}  // namespace

LoadedConfig Load(const FileSystem& fs, const std::vector<std::string>& paths,
                  const LoadLimits& limits, Diagnostics& diags) {
  LoadedConfig config;
  std::vector<yaml_internal::FoundFile> found =
      yaml_internal::FindConfigFiles(fs, paths, diags, &config.unreadable);
  if (found.empty()) {
    if (!config.unreadable) {
      std::string where;
      for (const std::string& p : paths) {
        std::string shown = yaml_internal::NormalizeDisplayPath(p);
        where += fmt::format("{}'{}'", where.empty() ? "" : ", ", shown.empty() ? "." : shown);
      }
      diags.Error(Code::kNoInput, yaml_internal::kNoFile,
                  where.empty() ? std::string("no configuration paths were given")
                                : fmt::format("no configuration files (*.yaml, *.yml) found in {}",
                                              where));
    }
    return config;
  }

  // Read in display-path order; every found file gets an id, so findings
  // about an unreadable or oversized one can name it.
  for (yaml_internal::FoundFile& f : found) {
    uint64_t size = 0;
    std::string content, error;
    bool ok = fs.Size(f.path, &size, &error);
    bool too_large = ok && size > limits.max_file_bytes;
    if (ok && !too_large) {
      try {
        ok = fs.Read(f.path, limits.max_file_bytes, &content, &error);
      } catch (const std::bad_alloc&) {
        ok = false;
        error = "not enough memory";
      }
      if (ok && content.size() > limits.max_file_bytes) {  // it grew since Size()
        too_large = true;
        size = std::max<uint64_t>(size, content.size());
      }
    }
    if (!ok || too_large) content.clear();
    uint32_t id = config.sources.Add(f.display, std::move(content));
    if (!ok) {
      diags.Error(Code::kUnreadableFile, Location{id, 0, 0},
                  fmt::format("cannot read '{}': {}", f.display, error));
      config.unreadable = true;
    } else if (too_large) {
      TooLarge(id, size, limits, diags);
    } else {
      config.files.push_back(LoadedFile{id, Tree{}});
    }
  }

  // Parse; each file's findings go to its own list, merged in id order.
  std::vector<Diagnostics> per_file(config.files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < config.files.size(); i = next++) {
      ParseYaml(config.sources, config.files[i].file, limits, &config.files[i].tree, per_file[i]);
    }
  };
  unsigned threads = std::min<unsigned>({kMaxThreads, std::max(1u, std::thread::hardware_concurrency()),
                                         static_cast<unsigned>(config.files.size())});
  std::vector<std::thread> pool;
  try {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  } catch (const std::exception&) {
    // No second thread: the calling thread does all the work.
  }
  work();
  for (std::thread& t : pool) t.join();
  for (Diagnostics& d : per_file) diags.Append(std::move(d));
  return config;
}

}  // namespace stagegate
