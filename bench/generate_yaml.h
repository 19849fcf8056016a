// Writer: the YAML text of each part of an organisation (the workspace
// header, users, a group, a data source, a constant, an app, an assertion),
// appended to a string buffer. The file layouts (generate_files.h) decide
// which entries go into which file; one writer serves both layouts, so they
// cannot drift apart. The text is formatted
// by hand with fmt, not by a YAML library: the generator links nothing it
// could share a bug with in what it tests (bench/CMakeLists.txt).
#ifndef STAGEGATE_BENCH_GENERATE_YAML_H_
#define STAGEGATE_BENCH_GENERATE_YAML_H_

#include <fmt/format.h>

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generate_assertions.h"
#include "generate_model.h"

namespace stagegate::bench {

using Buffer = std::string;

template <typename... Args>
void Out(Buffer& b, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(b), f, std::forward<Args>(args)...);
}

class Writer {
 public:
  explicit Writer(const Org& o) : o_(o) {}

  void Workspace(Buffer& b, std::string_view comment) const;
  void Users(Buffer& b, const std::vector<uint32_t>& ids) const;
  void GroupEntry(Buffer& b, const Group& g) const;
  void SourceEntry(Buffer& b, const DataSource& s) const;
  void ConstantEntry(Buffer& b, const Constant& c) const;
  void AppEntry(Buffer& b, const App& app) const;
  // Writes the assertion's entries, with the values expected of the
  // organisation as it is now; returns how many.
  size_t AssertionEntry(Buffer& b, const Assertion& a) const;

 private:
  void SourceSettings(Buffer& b, const DataSource& s, int env) const;
  void AppActions(Buffer& b, const Assertion& a, const Access& access) const;

  const Org& o_;
};

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_YAML_H_
