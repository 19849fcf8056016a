// The file layouts and the output directory. Each file is built in one
// reused buffer and written with one call, so writing thousands of files
// costs little more than formatting them.
#include "generate_files.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace stagegate::bench {

namespace fs = std::filesystem;

void Output::Write(const fs::path& relative, const Buffer& b) {
  const fs::path path = dir / relative;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f)
    throw std::runtime_error(
        fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno)));
  const size_t written = std::fwrite(b.data(), 1, b.size(), f);
  const bool ok = std::fclose(f) == 0 && written == b.size();
  if (!ok)
    throw std::runtime_error(
        fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno)));
  ++files;
  bytes += b.size();
}

namespace {

void WriteUsersFiles(const Org& o, const Writer& w, uint32_t users_per_file, Buffer& b,
                     Output& out) {
  if (users_per_file == 0) {
    for (const auto& [stem, ids] : o.teams) {
      b.clear();
      Out(b, "# Team {}: {} people.\nusers:\n", stem, ids.size());
      w.Users(b, ids);
      out.Write(fs::path("users") / (stem + ".yaml"), b);
    }
    return;
  }
  const uint32_t n = static_cast<uint32_t>(o.users.size());
  for (uint32_t first = 0, file = 1; first < n; first += users_per_file, ++file) {
    std::vector<uint32_t> ids;
    for (uint32_t u = first; u < n && u < first + users_per_file; ++u) ids.push_back(u);
    b.clear();
    Out(b, "# Users {} to {}.\nusers:\n", first + 1, first + ids.size());
    w.Users(b, ids);
    out.Write(fs::path("users") / fmt::format("users-{:04}.yaml", file), b);
  }
}

}  // namespace

void WriteMulti(const Org& o, const std::vector<Assertion>& assertions, const std::string& comment,
                uint32_t users_per_file, Output& out) {
  const Writer w(o);
  fs::create_directories(out.dir / "groups");
  fs::create_directories(out.dir / "apps");
  fs::create_directories(out.dir / "users");
  Buffer b;
  b.reserve(1 << 20);
  w.Workspace(b, comment);
  out.Write("workspace.yaml", b);
  WriteUsersFiles(o, w, users_per_file, b, out);
  for (const Group& g : o.groups) {
    b.clear();
    b += "groups:\n";
    w.GroupEntry(b, g);
    out.Write(fs::path("groups") / (g.name + ".yaml"), b);
  }
  for (const App& app : o.apps) {
    b.clear();
    b += "apps:\n";
    w.AppEntry(b, app);
    out.Write(fs::path("apps") / (app.name + ".yaml"), b);
  }
  b.clear();
  b += "# Hosts and URLs come from global constants, credentials from secrets.\ndataSources:\n";
  for (const DataSource& s : o.sources) w.SourceEntry(b, s);
  out.Write("datasources.yaml", b);
  b.clear();
  b += "# Secret values are read from the named environment variables.\nconstants:\n";
  for (const Constant& c : o.constants) w.ConstantEntry(b, c);
  out.Write("constants.yaml", b);
  b.clear();
  b += "# Computed from the generated grants, so every assertion holds.\nassertions:\n";
  for (const Assertion& a : assertions) out.assertions += w.AssertionEntry(b, a);
  out.Write("assertions.yaml", b);
}

void WriteSingle(const Org& o, const std::vector<Assertion>& assertions, const std::string& comment,
                 Output& out) {
  const Writer w(o);
  Buffer b;
  b.reserve(32 << 20);
  w.Workspace(b, comment);
  b += "\nusers:\n";
  for (const auto& [stem, ids] : o.teams) {
    Out(b, "  # Team {}\n", stem);
    w.Users(b, ids);
  }
  b += "\ngroups:\n";
  for (const Group& g : o.groups) w.GroupEntry(b, g);
  b += "\ndataSources:\n";
  for (const DataSource& s : o.sources) w.SourceEntry(b, s);
  b += "\nconstants:\n";
  for (const Constant& c : o.constants) w.ConstantEntry(b, c);
  b += "\napps:\n";
  for (const App& app : o.apps) w.AppEntry(b, app);
  b += "\nassertions:\n";
  for (const Assertion& a : assertions) out.assertions += w.AssertionEntry(b, a);
  out.Write("config.yaml", b);
}

namespace {

// What the generator writes; --force removes exactly these before writing.
constexpr std::string_view kOwnFiles[] = {"workspace.yaml", "config.yaml", "datasources.yaml",
                                          "constants.yaml", "assertions.yaml"};
constexpr std::string_view kOwnDirs[] = {"groups", "apps", "users"};

}  // namespace

void PrepareDirectory(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw std::runtime_error(fmt::format("'{}' is not a directory", dir.string()));
    if (!fs::is_empty(dir, ec)) {
      if (!force) {
        throw std::runtime_error(
            fmt::format("'{}' is not empty; choose an empty directory, or pass --force to replace "
                        "what an earlier run wrote there",
                        dir.string()));
      }
      for (std::string_view f : kOwnFiles) fs::remove(dir / f);
      for (std::string_view d : kOwnDirs) fs::remove_all(dir / d);
    }
  }
  fs::create_directories(dir);
}

}  // namespace stagegate::bench
