// stagegate-parse-floor: the least any tool built on yaml-cpp must spend on a
// configuration. It finds the *.yaml / *.yml files under the given paths,
// reads them, and runs yaml-cpp's event parser over each with a handler that
// does nothing: no tree, no schema, no model. bench/run compares stagegate's
// `check` with this floor on the same files and the same number of threads.
//
// With --reader fast it runs stagegate's own reader instead
// (compiler/yaml/fast_parse.cc), handing yaml-cpp the files it declines, as
// `check` does: what the fast reader saves against the floor.
//
// usage: stagegate-parse-floor [--threads N] [--reader yaml-cpp|fast] PATH...
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "yaml/event_builder.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Counts events so the parse cannot be optimised away.
class CountingHandler : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override { ++events; }
  void OnDocumentEnd() override { ++events; }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++events; }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    ++events;
    bytes += value.size();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnSequenceEnd() override { ++events; }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    ++events;
  }
  void OnMapEnd() override { ++events; }

  uint64_t events = 0;
  uint64_t bytes = 0;
};

bool IsYaml(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 2;
  bool fast = false;
  std::vector<std::string> roots;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (arg == "--reader" && i + 1 < argc) {
      std::string reader = argv[++i];
      if (reader != "fast" && reader != "yaml-cpp") {
        std::fprintf(stderr, "stagegate-parse-floor: --reader is 'yaml-cpp' or 'fast'\n");
        return 2;
      }
      fast = reader == "fast";
    } else {
      roots.push_back(arg);
    }
  }
  if (roots.empty()) {
    std::fprintf(stderr,
                 "usage: stagegate-parse-floor [--threads N] [--reader yaml-cpp|fast] PATH...\n");
    return 2;
  }
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    if (fs::is_directory(root)) {
      for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && IsYaml(entry.path())) files.push_back(entry.path());
      }
    } else {
      files.push_back(root);
    }
  }
  std::sort(files.begin(), files.end());

  // Read everything first, as stagegate does, then parse on `threads` threads.
  std::vector<std::string> contents(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(files[i], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    contents[i] = ss.str();
  }
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> events{0}, failures{0}, declined{0};
  auto work = [&] {
    for (size_t i = next++; i < contents.size(); i = next++) {
      const std::string& text = contents[i];
      if (fast) {
        CountingHandler handler;
        size_t bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
        bool ascii = std::none_of(text.begin(), text.end(),
                                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (stagegate::yaml_internal::FastParse(text, bom, ascii, handler)) {
          events += handler.events;
          continue;
        }
        ++declined;
      }
      std::istringstream stream(text);
      CountingHandler handler;
      try {
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(handler)) {
        }
      } catch (const YAML::Exception&) {
        ++failures;
      }
      events += handler.events;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  uint64_t total = 0;
  for (const std::string& c : contents) total += c.size();
  std::printf("%zu files, %llu bytes, %llu events, %llu parse errors", files.size(),
              static_cast<unsigned long long>(total), static_cast<unsigned long long>(events.load()),
              static_cast<unsigned long long>(failures.load()));
  if (fast) {
    std::printf(", %llu left to yaml-cpp by the fast reader",
                static_cast<unsigned long long>(declined.load()));
  }
  std::printf("\n");
  return failures > 0 ? 1 : 0;
}
