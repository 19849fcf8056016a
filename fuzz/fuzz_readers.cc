// libFuzzer target: bytes -> one YAML file parsed twice, once with the fast
// reader (falling back to yaml-cpp where it declines) and once with yaml-cpp
// alone. Any difference in the tree or the findings is a bug in the fast
// reader: it aborts, and the input is the reproducer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "source/diagnostic.h"
#include "source/headline.h"
#include "source/source_set.h"
#include "yaml/loader.h"

namespace {

std::string Parse(const std::string& text, stagegate::YamlReader reader) {
  stagegate::SourceSet sources;
  uint32_t id = sources.Add("a.yaml", text);
  stagegate::Tree tree;
  stagegate::Diagnostics diags;
  stagegate::ParseYaml(sources, id, stagegate::LoadLimits{}, &tree, diags, reader);
  std::string out;
  for (const stagegate::Tree::Record& r : tree.nodes) {
    out += std::to_string(static_cast<int>(r.kind)) + ' ' + std::to_string(r.flags) + ' ' +
           std::to_string(r.location.line) + ':' + std::to_string(r.location.column) + ' ' +
           std::to_string(r.begin) + ' ' + std::to_string(r.size) + '\n';
  }
  for (stagegate::NodeId c : tree.children) out += std::to_string(c) + ' ';
  out += '\n' + tree.text + '\n';
  for (stagegate::NodeId d : tree.documents) out += std::to_string(d) + ' ';
  for (const stagegate::Diagnostic& d : diags.items()) {
    out += '\n' + stagegate::FormatHeadline(sources, d);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string fast = Parse(text, stagegate::YamlReader::kFast);
  std::string slow = Parse(text, stagegate::YamlReader::kYamlCpp);
  if (fast != slow) {
    std::fprintf(stderr, "the fast reader differs from yaml-cpp\n--- fast\n%s\n--- yaml-cpp\n%s\n",
                 fast.c_str(), slow.c_str());
    std::abort();
  }
  return 0;
}
