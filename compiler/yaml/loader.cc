// Load: find the configuration files, add them to the SourceSet in
// display-path order (so file ids, and therefore diagnostics, sort by path),
// then read, parse and visit them on up to two threads, each file with its
// own Diagnostics, merged in file-id order.
#include "yaml/loader.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <new>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "source/timings.h"
#include "source/wording.h"
#include "yaml/discover.h"

namespace stagegate {
namespace {

constexpr unsigned kMaxThreads = 2;

void TooLarge(uint32_t file, uint64_t size, const LoadLimits& limits, Diagnostics& diags) {
  diags.Error(Code::kFileTooLarge, Location{file, 0, 0},
              fmt::format("file is {}, over the {} limit; split it into several files",
                          FormatSize(size), FormatLimit(limits.max_file_bytes)));
}

enum class ReadResult : char { kRead, kUnreadable, kTooLarge };

// Reads one found file into `sources` (as `id`) within the limits; reports
// an unreadable or oversized file.
ReadResult ReadOne(const FileSystem& fs, const std::string& path, const LoadLimits& limits, uint32_t id,
             SourceSet& sources, Diagnostics& diags) {
  uint64_t size = 0;
  std::string content, error;
  bool ok = fs.Size(path, &size, &error);
  bool too_large = ok && size > limits.max_file_bytes;
  if (ok && !too_large) {
    try {
      ok = fs.Read(path, limits.max_file_bytes, &content, &error);
    } catch (const std::bad_alloc&) {
      ok = false;
      error = "not enough memory";
    }
    if (ok && content.size() > limits.max_file_bytes) {  // it grew since Size()
      too_large = true;
      size = std::max<uint64_t>(size, content.size());
    }
  }
  if (!ok) {
    diags.Error(Code::kUnreadableFile, Location{id, 0, 0},
                fmt::format("cannot read '{}': {}", sources.file(id).path(), error));
    return ReadResult::kUnreadable;
  }
  if (too_large) {
    TooLarge(id, size, limits, diags);
    return ReadResult::kTooLarge;
  }
  sources.SetText(id, std::move(content));
  return ReadResult::kRead;
}

// The clean files of an earlier load, by their bytes.
class ParsedBefore {
 public:
  explicit ParsedBefore(const LoadedConfig* config) {
    if (config == nullptr) return;
    by_text_.reserve(config->files.size());
    for (const LoadedFile& f : config->files) {
      if (f.clean) by_text_.emplace(config->sources.file(f.file).text(), &f);
    }
  }

  // The clean file with exactly `text`, or nullptr.
  const LoadedFile* Find(std::string_view text) const {
    auto it = by_text_.find(text);
    return it == by_text_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<std::string_view, const LoadedFile*> by_text_;
};

}  // namespace

FileVisitor::~FileVisitor() = default;

LoadedConfig Load(const FileSystem& fs, const std::vector<std::string>& paths,
                  const LoadLimits& limits, Diagnostics& diags,
                  const FileVisitorFactory& after_parse, const LoadedConfig* parsed_before) {
  LoadedConfig config;
  std::vector<yaml_internal::FoundFile> found = Timed(
      "find files", [&] { return yaml_internal::FindConfigFiles(fs, paths, diags, &config.unreadable); });
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
    config.parse_errors = diags.error_count();
    return config;
  }

  // Every found file gets an id in display-path order, so findings (about an
  // unreadable or oversized one too) sort by path. Then each worker reads,
  // parses and hands on (`after_parse`) one file at a time; each file's
  // findings go to its own list, merged in id order.
  const ParsedBefore before(parsed_before);
  std::vector<LoadedFile> all;
  all.reserve(found.size());
  for (yaml_internal::FoundFile& f : found) {
    all.push_back(LoadedFile{config.sources.Add(std::move(f.display), ""), Tree{}});
  }
  std::vector<Diagnostics> per_file(all.size());
  std::vector<ReadResult> read(all.size(), ReadResult::kUnreadable);
  std::vector<size_t> parse_errors(all.size(), 0);
  std::atomic<size_t> next{0};
  // The first thread makes its visitor as it starts (for the schema, that
  // compiles it: a few milliseconds); the others parse meanwhile, keep what
  // they parsed, and visit it once the first one's visitor is ready.
  std::atomic<bool> visitor_ready{false};
  auto work = [&](bool first) {
    std::unique_ptr<FileVisitor> visitor;
    if (after_parse && first) {
      visitor = after_parse();
      visitor_ready = true;
    }
    std::vector<size_t> waiting;  // parsed, not visited yet
    auto visit = [&](size_t i) {
      visitor->Visit(all[i], per_file[i]);
      all[i].clean = per_file[i].empty();
    };
    for (size_t i = next++; i < all.size(); i = next++) {
      read[i] = ReadOne(fs, found[i].path, limits, all[i].file, config.sources, per_file[i]);
      if (read[i] != ReadResult::kRead) continue;
      if (const LoadedFile* same = before.Find(config.sources.file(all[i].file).text())) {
        all[i].tree = same->tree.WithFile(all[i].file);
        all[i].clean = true;
        continue;
      }
      ParseYaml(config.sources, all[i].file, limits, &all[i].tree, per_file[i]);
      parse_errors[i] = per_file[i].error_count();
      all[i].clean = per_file[i].empty();
      if (!after_parse) continue;
      if (!visitor && visitor_ready) visitor = after_parse();
      waiting.push_back(i);
      if (!visitor) continue;
      for (size_t w : waiting) visit(w);
      waiting.clear();
    }
    if (waiting.empty()) return;
    if (!visitor) visitor = after_parse();
    for (size_t w : waiting) visit(w);
  };
  unsigned threads = std::min<unsigned>({kMaxThreads, std::max(1u, std::thread::hardware_concurrency()),
                                         static_cast<unsigned>(all.size())});
  std::vector<std::thread> pool;
  try {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, /*first=*/false);
  } catch (const std::exception&) {
    // No second thread: the calling thread does all the work.
  }
  work(/*first=*/true);
  for (std::thread& t : pool) t.join();
  config.parse_errors = diags.error_count();  // finding the files
  for (size_t i = 0; i < all.size(); ++i) {
    const bool parsed = read[i] == ReadResult::kRead;
    config.parse_errors += parsed ? parse_errors[i] : per_file[i].error_count();
    if (parsed) config.files.push_back(std::move(all[i]));
    if (read[i] == ReadResult::kUnreadable) config.unreadable = true;
  }
  for (Diagnostics& d : per_file) diags.Append(std::move(d));
  return config;
}

}  // namespace stagegate
