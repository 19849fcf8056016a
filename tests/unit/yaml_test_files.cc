// Loader tests, part 3: finding files (order, skipping, display paths),
// unreadable and missing inputs, symbolic links in memory and on a real
// disk, and deterministic results from parallel parsing.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "source/headline.h"
#include "yaml/loader.h"

namespace stagegate {
namespace {

using Lines = std::vector<std::string>;

struct Loaded {
  LoadedConfig config;
  Diagnostics diags;

  Lines Headlines() const {
    Lines out;
    for (const Diagnostic& d : diags.items()) out.push_back(FormatHeadline(config.sources, d));
    return out;
  }
  // Display paths of the files that were read, in file-id order.
  Lines Paths() const {
    Lines out;
    for (const LoadedFile& f : config.files) out.push_back(config.sources.file(f.file).path());
    return out;
  }
};

Loaded LoadPaths(const FileSystem& fs, const std::vector<std::string>& paths) {
  Loaded l;
  l.config = Load(fs, paths, LoadLimits{}, l.diags);
  l.diags.Sort();
  return l;
}

TEST_CASE("a directory is read recursively: *.yaml and *.yml, sorted, hidden entries skipped") {
  MemoryFileSystem fs;
  for (const char* path : {"/cfg/b.yaml", "/cfg/a.yml", "/cfg/A.yaml", "/cfg/a-b.yaml",
                           "/cfg/a/z.yaml", "/cfg/sub/c.yaml", "/cfg/.git/x.yaml",
                           "/cfg/.hidden.yaml", "/cfg/sub/.github/w.yaml", "/cfg/notes.txt",
                           "/cfg/README.md", "/cfg/yaml", "/cfg/.yaml"}) {
    fs.AddFile(path, "k: 1\n");
  }
  Loaded l = LoadPaths(fs, {"/cfg"});
  CHECK(l.diags.empty());
  CHECK(l.Paths() == Lines{"/cfg/A.yaml", "/cfg/a-b.yaml", "/cfg/a.yml", "/cfg/a/z.yaml",
                           "/cfg/b.yaml", "/cfg/sub/c.yaml"});
  for (size_t i = 0; i < l.config.files.size(); ++i) CHECK(l.config.files[i].file == i);
}

TEST_CASE("display paths join the path as given with the path inside, normalised") {
  MemoryFileSystem fs;
  fs.AddFile("/examples/nexora/groups.yaml", "k: 1\n");
  fs.AddFile("/examples/nexora/teams/qa.yaml", "k: 1\n");
  fs.AddFile("/extra.conf", "k: 1\n");
  struct Case {
    std::vector<std::string> paths;
    Lines expected;
  };
  const Case cases[] = {
      {{"examples/nexora"}, {"examples/nexora/groups.yaml", "examples/nexora/teams/qa.yaml"}},
      {{"examples/nexora/"}, {"examples/nexora/groups.yaml", "examples/nexora/teams/qa.yaml"}},
      {{"./examples//nexora"}, {"examples/nexora/groups.yaml", "examples/nexora/teams/qa.yaml"}},
      {{"examples/nexora/teams"}, {"examples/nexora/teams/qa.yaml"}},
      {{"/examples/nexora/teams/"}, {"/examples/nexora/teams/qa.yaml"}},
      {{"./examples/nexora/groups.yaml"}, {"examples/nexora/groups.yaml"}},
      {{"extra.conf"}, {"extra.conf"}},  // a named file is read whatever its extension
  };
  for (const Case& c : cases) {
    CAPTURE(c.paths);
    Loaded l = LoadPaths(fs, c.paths);
    CHECK(l.diags.empty());
    CHECK(l.Paths() == c.expected);
  }
}

TEST_CASE("'.' and './' name the current directory without a prefix") {
  MemoryFileSystem fs;
  fs.AddFile("/groups.yaml", "k: 1\n");
  fs.AddFile("/sub/users.yaml", "k: 1\n");
  CHECK(LoadPaths(fs, {"."}).Paths() == Lines{"groups.yaml", "sub/users.yaml"});
  CHECK(LoadPaths(fs, {"./"}).Paths() == Lines{"groups.yaml", "sub/users.yaml"});
}

TEST_CASE("file ids follow display paths across several named paths, a file is read once") {
  MemoryFileSystem fs;
  fs.AddFile("/z/one.yaml", "k: 1\n");
  fs.AddFile("/a/two.yaml", "k: 1\nk: 2\n");
  Loaded l = LoadPaths(fs, {"z", "a", "a/two.yaml", "./a"});
  CHECK(l.Paths() == Lines{"a/two.yaml", "z/one.yaml"});
  CHECK(l.Headlines() ==
        Lines{"a/two.yaml:2:1: error: duplicate key 'k' in this mapping; YAML would silently keep "
              "only one, so remove or rename one [duplicate-key]"});
}

TEST_CASE("a missing path is an unreadable input") {
  MemoryFileSystem fs;
  fs.AddFile("/cfg/a.yaml", "k: 1\n");
  Loaded l = LoadPaths(fs, {"cfg", "nope", "cfg/missing.yaml"});
  CHECK(l.Headlines() ==
        Lines{"stagegate: error: cannot read 'cfg/missing.yaml': no such file or directory "
              "[unreadable-file]",
              "stagegate: error: cannot read 'nope': no such file or directory "
              "[unreadable-file]"});
  CHECK(l.config.unreadable);
  CHECK(l.Paths() == Lines{"cfg/a.yaml"});
}

TEST_CASE("an unreadable file or directory is reported and the rest is read") {
  MemoryFileSystem fs;
  fs.AddFile("/cfg/a.yaml", "k: 1\n");
  fs.AddFile("/cfg/b.yaml", "k: 1\n");
  fs.AddFile("/cfg/locked/c.yaml", "k: 1\n");
  fs.MakeUnreadable("/cfg/b.yaml");
  fs.MakeUnreadable("/cfg/locked");
  Loaded l = LoadPaths(fs, {"cfg"});
  CHECK(l.Headlines() ==
        Lines{"cfg/b.yaml: error: cannot read 'cfg/b.yaml': permission denied [unreadable-file]",
              "stagegate: error: cannot read 'cfg/locked': permission denied [unreadable-file]"});
  CHECK(l.config.unreadable);
  CHECK(l.Paths() == Lines{"cfg/a.yaml"});
  CHECK(l.config.sources.size() == 2);  // b.yaml has an id, so findings can name it
}

TEST_CASE("no configuration file at all is no input") {
  MemoryFileSystem fs;
  fs.AddDirectory("/empty");
  fs.AddFile("/other/notes.txt", "x");
  fs.AddFile("/other/.hidden.yaml", "k: 1\n");
  Loaded l = LoadPaths(fs, {"empty", "other/"});
  CHECK(l.Headlines() == Lines{"stagegate: error: no configuration files (*.yaml, *.yml) found "
                               "in 'empty', 'other' [no-input]"});
  CHECK_FALSE(l.config.unreadable);
  CHECK(LoadPaths(fs, {}).Headlines() ==
        Lines{"stagegate: error: no configuration paths were given [no-input]"});
}

TEST_CASE("symbolic links are followed only inside the named directory, never in a loop") {
  MemoryFileSystem fs;
  fs.AddFile("/cfg/a.yaml", "k: 1\n");
  fs.AddFile("/cfg/common/x.yaml", "k: 1\n");
  fs.AddFile("/cfg/.private/p.yaml", "k: 1\n");
  fs.AddFile("/etc/secret.yaml", "k: 1\n");
  fs.AddSymlink("/cfg/0alias.yaml", "a.yaml");            // same file: read once, real path
  fs.AddSymlink("/cfg/shared", "/cfg/common");            // same directory: read once
  fs.AddSymlink("/cfg/team", ".private");                 // a hidden directory, inside
  fs.AddSymlink("/cfg/out.yaml", "/etc/secret.yaml");     // escapes
  fs.AddSymlink("/cfg/etc", "../etc");                    // escapes
  fs.AddSymlink("/cfg/common/up", "..");                  // back into a directory being read
  fs.AddSymlink("/cfg/gone.yaml", "nothing.yaml");        // dangling
  fs.AddSymlink("/cfg/l1", "l2");                         // a cycle of links
  fs.AddSymlink("/cfg/l2", "l1");
  Loaded l = LoadPaths(fs, {"cfg"});
  CHECK(l.Headlines() ==
        Lines{"stagegate: error: cannot read 'cfg/gone.yaml': the symbolic link's target does "
              "not exist [unreadable-file]",
              "stagegate: error: symbolic link 'cfg/etc' leads outside 'cfg'; it is not followed "
              "(copy the file into the directory instead) [symlink-escape]",
              "stagegate: error: symbolic link 'cfg/out.yaml' leads outside 'cfg'; it is not "
              "followed (copy the file into the directory instead) [symlink-escape]",
              "stagegate: error: symbolic link 'cfg/common/up' leads back into a directory that "
              "contains it; it is not followed [symlink-loop]",
              "stagegate: error: symbolic link 'cfg/l1' is part of a loop of links; it is not "
              "followed [symlink-loop]",
              "stagegate: error: symbolic link 'cfg/l2' is part of a loop of links; it is not "
              "followed [symlink-loop]"});
  CHECK(l.Paths() == Lines{"cfg/a.yaml", "cfg/common/x.yaml", "cfg/team/p.yaml"});
}

TEST_CASE("a named link to a directory is followed, links inside stay within its target") {
  MemoryFileSystem fs;
  fs.AddFile("/real/cfg/a.yaml", "k: 1\n");
  fs.AddFile("/real/other.yaml", "k: 1\n");
  fs.AddSymlink("/cfg", "/real/cfg");
  fs.AddSymlink("/real/cfg/b.yaml", "/cfg/a.yaml");    // inside, through the named link
  fs.AddSymlink("/real/cfg/c.yaml", "../other.yaml");  // outside
  Loaded l = LoadPaths(fs, {"cfg"});
  CHECK(l.Paths() == Lines{"cfg/a.yaml"});
  CHECK(l.Headlines() ==
        Lines{"stagegate: error: symbolic link 'cfg/c.yaml' leads outside 'cfg'; it is not "
              "followed (copy the file into the directory instead) [symlink-escape]"});
}

TEST_CASE("findings come out in file order whichever thread parsed a file") {
  MemoryFileSystem fs;
  for (int i = 0; i < 40; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "/cfg/f%02d.yaml", i);
    fs.AddFile(name, i % 3 ? "a: 1\na: 2\n" : std::string(5000, 'x') + ": 1\nb: [\n");
  }
  Diagnostics diags;
  LoadedConfig config = Load(fs, {"cfg"}, LoadLimits{}, diags);
  REQUIRE(diags.items().size() == 40);
  for (size_t i = 0; i < diags.items().size(); ++i) CHECK(diags.items()[i].location.file == i);
}

// Counts the files a FileVisitor sees (the schema stage, in the pipeline),
// and reports a warning on each file whose first key is `warn`.
struct CountingVisitor : FileVisitor {
  explicit CountingVisitor(std::atomic<int>* visits) : visits_(visits) {}
  void Visit(const LoadedFile& file, Diagnostics& diags) override {
    ++*visits_;
    Node doc(&file.tree, file.tree.documents.at(0));
    if (doc.is_mapping() && doc.size() > 0 && doc.key(0).text() == "warn") {
      diags.Add(Severity::kWarning, Code::kYamlSyntax, doc.key(0).location(), "visited");
    }
  }
  std::atomic<int>* visits_;
};

TEST_CASE("a second load reuses the trees of byte-identical clean files of the first") {
  MemoryFileSystem before_fs, after_fs;
  const std::string same = "users:\n  ann@x.io: {role: builder}\n";
  before_fs.AddFile("/old/a.yaml", same);
  before_fs.AddFile("/old/b.yaml", "a: 1\na: 2\n");       // a finding: parsed again
  before_fs.AddFile("/old/c.yaml", "warn: 1\n");           // a visitor finding: visited again
  before_fs.AddFile("/old/d.yaml", "apps: {x: {}}\n");     // changed below
  after_fs.AddFile("/new/a.yaml", same);
  after_fs.AddFile("/new/b.yaml", "a: 1\na: 2\n");
  after_fs.AddFile("/new/c.yaml", "warn: 1\n");
  after_fs.AddFile("/new/d.yaml", "apps: {y: {}}\n");
  after_fs.AddFile("/new/moved/e.yaml", same);  // the same bytes under another name

  std::atomic<int> visits{0};
  auto visitor = [&] { return std::make_unique<CountingVisitor>(&visits); };
  Diagnostics before_diags, after_diags;
  LoadedConfig before = Load(before_fs, {"old"}, LoadLimits{}, before_diags, visitor);
  CHECK(visits == 4);
  REQUIRE(before.files.size() == 4);
  CHECK(before.files[0].clean);
  CHECK_FALSE(before.files[1].clean);
  CHECK_FALSE(before.files[2].clean);
  CHECK(before.files[3].clean);

  visits = 0;
  LoadedConfig after = Load(after_fs, {"new"}, LoadLimits{}, after_diags, visitor, &before);
  CHECK(visits == 3);  // b, c and d; a and moved/e are a's tree
  REQUIRE(after.files.size() == 5);
  // The findings are those of a load from scratch.
  Diagnostics fresh_diags;
  LoadedConfig fresh = Load(after_fs, {"new"}, LoadLimits{}, fresh_diags, visitor);
  after_diags.Sort();
  fresh_diags.Sort();
  Lines after_lines, fresh_lines;
  for (const Diagnostic& d : after_diags.items()) after_lines.push_back(FormatHeadline(after.sources, d));
  for (const Diagnostic& d : fresh_diags.items()) fresh_lines.push_back(FormatHeadline(fresh.sources, d));
  CHECK(after_lines == fresh_lines);
  CHECK(after_lines.size() == 2);
  // Every tree is the fresh tree, located in this load's files.
  for (size_t i = 0; i < after.files.size(); ++i) {
    const Tree& t = after.files[i].tree;
    const Tree& f = fresh.files[i].tree;
    INFO(after.sources.file(after.files[i].file).path());
    CHECK(after.files[i].clean == fresh.files[i].clean);
    CHECK(t.text == f.text);
    CHECK(t.children == f.children);
    CHECK(t.documents == f.documents);
    REQUIRE(t.nodes.size() == f.nodes.size());
    for (size_t n = 0; n < t.nodes.size(); ++n) {
      CHECK(t.nodes[n].kind == f.nodes[n].kind);
      CHECK(t.nodes[n].flags == f.nodes[n].flags);
      CHECK(t.nodes[n].begin == f.nodes[n].begin);
      CHECK(t.nodes[n].size == f.nodes[n].size);
      CHECK(t.nodes[n].location == f.nodes[n].location);
      CHECK(t.nodes[n].location.file == after.files[i].file);
    }
  }
}

// A scratch directory on the real disk, removed at the end.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/stagegate-yaml-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& rel, const std::string& text) const {
    std::string p = path_ + "/" + rel;
    std::ofstream(p) << text;
    return p;
  }
  void Mkdir(const std::string& rel) const { mkdir((path_ + "/" + rel).c_str(), 0755); }
  void Link(const std::string& rel, const std::string& target) const {
    REQUIRE(symlink(target.c_str(), (path_ + "/" + rel).c_str()) == 0);
  }

 private:
  std::string path_;
};

TEST_CASE("real disk: files, symlink escape, loops and dangling links") {
  TempDir outside;
  outside.Write("secret.yaml", "k: 1\n");
  TempDir dir;
  dir.Mkdir("cfg");
  dir.Mkdir("cfg/sub");
  dir.Mkdir("cfg/.git");
  dir.Write("cfg/b.yaml", "k: 1\n");
  dir.Write("cfg/sub/a.yml", "k: 1\r\nk: 2\r\n");
  dir.Write("cfg/.git/x.yaml", "k: 1\n");
  dir.Link("cfg/link.yaml", "b.yaml");
  dir.Link("cfg/escape.yaml", outside.path() + "/secret.yaml");
  dir.Link("cfg/sub/up", "..");
  dir.Link("cfg/dangling.yaml", "missing.yaml");
  dir.Link("cfg/l1", "l2");
  dir.Link("cfg/l2", "l1");
  std::unique_ptr<FileSystem> fs = RealFileSystem();
  std::string root = dir.path() + "/cfg";
  Loaded l = LoadPaths(*fs, {root});
  CHECK(l.Paths() == Lines{root + "/b.yaml", root + "/sub/a.yml"});
  CHECK(l.Headlines() ==
        Lines{root + "/sub/a.yml:2:1: error: duplicate key 'k' in this mapping; YAML would "
                     "silently keep only one, so remove or rename one [duplicate-key]",
              "stagegate: error: cannot read '" + root + "/dangling.yaml': the symbolic link's "
              "target does not exist [unreadable-file]",
              "stagegate: error: symbolic link '" + root + "/escape.yaml' leads outside '" +
                  root + "'; it is not followed (copy the file into the directory instead) "
                         "[symlink-escape]",
              "stagegate: error: symbolic link '" + root + "/l1' is part of a loop of links; it "
                                                           "is not followed [symlink-loop]",
              "stagegate: error: symbolic link '" + root + "/l2' is part of a loop of links; it "
                                                           "is not followed [symlink-loop]",
              "stagegate: error: symbolic link '" + root + "/sub/up' leads back into a directory "
                                                           "that contains it; it is not followed "
                                                           "[symlink-loop]"});
  CHECK(l.config.unreadable);

  Loaded missing = LoadPaths(*fs, {root + "/nope"});
  CHECK(missing.Headlines() == Lines{"stagegate: error: cannot read '" + root +
                                     "/nope': no such file or directory [unreadable-file]"});
}

TEST_CASE("real disk: files that cannot be read") {
  TempDir dir;
  dir.Write("a.yaml", "k: 1\n");
  std::string pipe = dir.path() + "/pipe.yaml";
  REQUIRE(mkfifo(pipe.c_str(), 0644) == 0);
  std::unique_ptr<FileSystem> fs = RealFileSystem();
  // Inside a directory a pipe is skipped (reading it would block); named, it is an error.
  Loaded l = LoadPaths(*fs, {dir.path(), pipe});
  CHECK(l.Headlines() == Lines{"stagegate: error: cannot read '" + pipe +
                               "': not a regular file or directory [unreadable-file]"});
  CHECK(l.Paths() == Lines{dir.path() + "/a.yaml"});
  if (geteuid() != 0) {  // root reads everything
    chmod((dir.path() + "/a.yaml").c_str(), 0);
    Loaded locked = LoadPaths(*fs, {dir.path()});
    CHECK(locked.Headlines() == Lines{dir.path() + "/a.yaml: error: cannot read '" + dir.path() +
                                      "/a.yaml': permission denied [unreadable-file]"});
  }
}

}  // namespace
}  // namespace stagegate
