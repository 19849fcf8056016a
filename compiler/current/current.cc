// LoadCurrent: a directory through the pipeline, a state file through
// ReadState, `git:REF` through `git` (rev-parse, ls-tree, cat-file --batch)
// into an in-memory file system and then the pipeline.
#include "current/current.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <map>
#include <thread>
#include <utility>

#include "source/file_system.h"
#include "source/limits.h"
#include "source/timings.h"
#include "source/wording.h"
#include "current/git.h"
#include "state/state_reader.h"

namespace stagegate {
namespace {

using current_internal::ProcessResult;
using current_internal::RunProcess;

bool HasYamlExtension(const std::string& name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

// What a repository's remotes say: which remote to fetch from and the branch
// it would most likely be fetched with.
struct RemoteFacts {
  std::vector<std::string> remotes;  // `git remote`, in its order
  std::string remote;                // "origin" when there is one, else the first
  std::string branch;                // the remote's default branch, else the current one
};

// The command that most likely fetches `ref`: "origin/main" -> "git fetch
// origin main", "main" -> "git fetch origin main"; a revision expression
// (HEAD~1, a commit id) fetches the repository's branch. Empty when the
// repository has no remote.
std::string FetchHint(const std::string& ref, const RemoteFacts& facts) {
  if (facts.remote.empty()) return {};
  bool plain =
      ref.find_first_of("~^@:{}") == std::string::npos && ref.find("..") == std::string::npos;
  bool hex = ref.size() >= 7 && ref.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!plain || hex || ref == "HEAD") {
    return facts.branch.empty() ? fmt::format("git fetch {}", facts.remote)
                                : fmt::format("git fetch {} {}", facts.remote, facts.branch);
  }
  size_t slash = ref.find('/');
  if (slash != std::string::npos && slash > 0 && slash + 1 < ref.size()) {
    std::string first = ref.substr(0, slash);
    if (std::find(facts.remotes.begin(), facts.remotes.end(), first) != facts.remotes.end()) {
      return fmt::format("git fetch {} {}", first, ref.substr(slash + 1));
    }
  }
  return fmt::format("git fetch {} {}", facts.remote, ref);
}

// Moves a pipeline result into `out`, keeping only its errors.
bool TakeChecked(CheckedConfig checked, CurrentState* out, Diagnostics& diags, bool* cannot_run) {
  bool ok = checked.diags.error_count() == 0 && checked.access != nullptr;
  if (checked.unreadable()) *cannot_run = true;
  for (const Diagnostic& d : checked.diags.items()) {
    if (d.severity == Severity::kError) diags.Add(d.severity, d.code, d.location, d.message) = d;
  }
  out->loaded = std::move(checked.loaded);
  out->workspace = std::move(checked.workspace);
  out->access = std::move(checked.access);
  return ok;
}

void SetAbsent(CurrentState* out) {
  out->absent = true;
  out->workspace = std::make_unique<Workspace>();
  out->access = std::make_unique<AccessMatrix>(AccessMatrix::Compile(*out->workspace));
}

// The state file is mapped, not copied, and its text is kept in the
// SourceSet only when it has findings to show: on a large workspace it is
// hundreds of MiB, nearly all of it the "access" section ReadState skips.
bool LoadStateFile(const FileSystem& fs, const std::string& path, CurrentState* out,
                   Diagnostics& diags, bool* cannot_run) {
  std::unique_ptr<FileSystem::View> view;
  std::string error;
  StageTimer read_timer("read state file");
  uint64_t size = 0;
  if (fs.Size(path, &size, &error) && size > kMaxStateFileBytes) {
    diags.Error(Code::kUnreadableFile, Location{},
                fmt::format("cannot read '{}': it is {}, over the {} limit for a state file", path,
                            FormatSize(size), FormatLimit(kMaxStateFileBytes)));
    *cannot_run = true;
    return false;
  }
  if (!fs.Map(path, kMaxStateFileBytes, &view, &error)) {
    diags.Error(Code::kUnreadableFile, Location{},
                fmt::format("cannot read '{}': {}", path, error));
    *cannot_run = true;
    return false;
  }
  read_timer.Stop();
  uint32_t id = out->loaded.sources.Add(path, "");
  auto ws = std::make_unique<Workspace>();
  size_t findings = diags.items().size();
  bool read = Timed("parse state file", [&] { return ReadState(view->text(), id, ws.get(), diags); });
  if (diags.items().size() != findings) out->loaded.sources.SetText(id, std::string(view->text()));
  if (!read) return false;
  out->workspace = std::move(ws);
  out->access = Timed("compile", [&] {
    return std::make_unique<AccessMatrix>(AccessMatrix::Compile(*out->workspace));
  });
  return true;
}

// ---- git:REF ----

class GitReader {
 public:
  GitReader(std::string ref, Diagnostics& diags) : ref_(std::move(ref)), diags_(diags) {}

  // Fills `fs` with the configuration files of `paths` at the revision and
  // `files` with their display paths (sorted). False after reporting.
  bool Read(const std::vector<std::string>& paths, MemoryFileSystem* fs,
            std::vector<std::string>* files) {
    if (ref_.empty()) {
      return Fail("'git:' names no revision; write one, e.g. 'git:origin/main'");
    }
    bool invalid_timeout = false;
    timeout_ = current_internal::GitTimeout(&invalid_timeout);
    if (invalid_timeout) {
      return Fail(fmt::format(
          "STAGEGATE_GIT_TIMEOUT must be a whole number of seconds from 1 to 604800 (a week); "
          "unset it for the default of {} s",
          kGitTimeoutSeconds));
    }
    if (ref_.rfind('-', 0) == 0) {
      return Fail(fmt::format("git revision '{}' is not valid: it must not start with '-'", ref_));
    }
    for (char c : ref_) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return Fail("git revision contains a control character; name a branch, tag or commit");
      }
    }
    std::map<std::string, std::string> blobs;  // display path -> object id
    for (const std::string& path : paths) {
      if (!List(path, &blobs)) return false;
    }
    if (blobs.empty()) return true;
    // One `git cat-file --batch` for every file.
    std::string request;
    for (const auto& entry : blobs) request += entry.second + "\n";
    ProcessResult r = Git(top_, {"cat-file", "--batch"}, std::move(request));
    if (!r.finished() || r.exit_code != 0) return GitFailed(r, "cat-file");
    size_t pos = 0;
    for (const auto& entry : blobs) {
      size_t eol = r.out.find('\n', pos);
      size_t space = r.out.rfind(' ', eol);
      if (eol == std::string::npos || space == std::string::npos || space < pos) {
        return Fail(fmt::format("cannot read '{}' from git", entry.first));
      }
      size_t size = std::strtoull(r.out.c_str() + space + 1, nullptr, 10);
      if (eol + 1 + size > r.out.size()) {
        return Fail(fmt::format("cannot read '{}' from git", entry.first));
      }
      fs->AddFile("/" + entry.first, r.out.substr(eol + 1, size));
      files->push_back(entry.first);
      pos = eol + 1 + size + 1;
    }
    return true;
  }

  // The commit the revision resolved to (empty until Read resolved it).
  const std::string& commit() const { return commit_; }

 private:
  bool Fail(std::string message) {
    diags_.Error(Code::kGitError, Location{}, std::move(message));
    return false;
  }

  bool GitFailed(const ProcessResult& r, std::string_view what) {
    if (r.not_found) {
      return Fail(
          "git is not installed (or not on PATH); install it, or compare against a directory or a "
          "state file instead");
    }
    if (r.timed_out) {
      return Fail(fmt::format(
          "'git {}' did not finish within {} s and was stopped; check that the repository is "
          "reachable and not locked, or allow more time with STAGEGATE_GIT_TIMEOUT=SECONDS",
          what, std::chrono::duration_cast<std::chrono::seconds>(timeout_).count()));
    }
    std::string detail = r.started ? r.err : r.error;
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r')) detail.pop_back();
    return Fail(fmt::format("'git {}' failed: {}", what, detail));
  }

  // `git [-C DIR] ARGS...`, in the repository once it is known. Never
  // prompts (a lazy fetch in a partial clone fails instead of waiting for a
  // password nobody will type) and never outlives the time limit.
  ProcessResult Git(const std::string& dir, std::vector<std::string> args,
                    std::string input = "") {
    std::vector<std::string> argv = {"git", "--literal-pathspecs"};
    if (!dir.empty()) argv.insert(argv.end(), {"-C", dir});
    argv.insert(argv.end(), args.begin(), args.end());
    current_internal::ProcessOptions options;
    options.input = std::move(input);
    options.timeout = timeout_;
    options.environment = {"GIT_TERMINAL_PROMPT=0"};
    return RunProcess(argv, options);
  }

  // The repository holding `path`, and the revision verified in it (once).
  bool Locate(const std::string& path, std::string* rel) {
    std::string shown = path.empty() ? "." : path;
    char* real = realpath(shown.c_str(), nullptr);
    std::string abs;
    if (real != nullptr) {
      abs = real;
      std::free(real);
    } else {
      return Fail(fmt::format("cannot read '{}': no such file or directory", shown));
    }
    std::unique_ptr<FileSystem> disk = RealFileSystem();
    std::string dir = abs;
    if (disk->TargetType(abs) != FileSystem::Type::kDirectory) {
      dir = abs.substr(0, std::max<size_t>(abs.rfind('/'), 1));
    }
    ProcessResult r = Git(dir, {"rev-parse", "--show-toplevel"});
    if (!r.finished()) return GitFailed(r, "rev-parse");
    if (r.exit_code != 0) {
      return Fail(fmt::format(
          "'{}' is not in a git repository; 'git:REF' reads the configuration at a revision of the "
          "repository that holds it",
          shown));
    }
    std::string top = r.out.substr(0, r.out.find('\n'));
    if (char* t = realpath(top.c_str(), nullptr)) {
      top = t;
      std::free(t);
    }
    if (!top_.empty() && top != top_) {
      return Fail(fmt::format("'{}' is in another git repository than the other paths", shown));
    }
    if (top_.empty()) {
      top_ = top;
      // REF cannot start with '-' (checked above), so it is never an option
      // (no --end-of-options: git before 2.31 does not know it here).
      ProcessResult v = Git(top_, {"rev-parse", "--verify", "--quiet", ref_ + "^{commit}"});
      if (!v.finished()) return GitFailed(v, "rev-parse");
      if (v.exit_code != 0) {
        std::string hint = FetchHint(ref_, Remotes());
        if (hint.empty()) {
          return Fail(fmt::format(
              "git revision '{}' does not exist, and the repository has no remote to fetch it "
              "from; name a branch, tag or commit of this repository",
              ref_));
        }
        return Fail(fmt::format("git revision '{}' does not exist; fetch it first, e.g. '{}'",
                                ref_, hint));
      }
      commit_ = v.out.substr(0, v.out.find('\n'));
    }
    if (abs == top_) {
      rel->clear();
    } else if (abs.compare(0, top_.size() + 1, top_ + "/") == 0) {
      *rel = abs.substr(top_.size() + 1);
    } else {
      return Fail(fmt::format("'{}' is outside the git repository '{}'", shown, top_));
    }
    return true;
  }

  // The repository's remotes, the one to fetch from, and its branch.
  RemoteFacts Remotes() {
    RemoteFacts facts;
    ProcessResult r = Git(top_, {"remote"});
    if (!r.finished() || r.exit_code != 0) return facts;
    for (size_t pos = 0; pos < r.out.size();) {
      size_t eol = std::min(r.out.find('\n', pos), r.out.size());
      if (eol > pos) facts.remotes.push_back(r.out.substr(pos, eol - pos));
      pos = eol + 1;
    }
    if (facts.remotes.empty()) return facts;
    bool origin = std::find(facts.remotes.begin(), facts.remotes.end(), "origin") !=
                  facts.remotes.end();
    facts.remote = origin ? "origin" : facts.remotes.front();
    ProcessResult head = Git(top_, {"symbolic-ref", "--quiet", "--short",
                                    "refs/remotes/" + facts.remote + "/HEAD"});
    std::string prefix = facts.remote + "/";
    if (head.finished() && head.exit_code == 0 && head.out.compare(0, prefix.size(), prefix) == 0) {
      facts.branch = head.out.substr(prefix.size(), head.out.find('\n') - prefix.size());
      return facts;
    }
    ProcessResult current = Git(top_, {"symbolic-ref", "--quiet", "--short", "HEAD"});
    if (current.finished() && current.exit_code == 0) {
      facts.branch = current.out.substr(0, current.out.find('\n'));
    }
    return facts;
  }

  // The blobs under `path` at the revision, as a directory walk would select
  // them (no hidden entries, *.yaml / *.yml; a file named exactly is taken
  // whatever its name). Symbolic links and submodules are not followed.
  bool List(const std::string& path, std::map<std::string, std::string>* blobs) {
    std::string rel;
    if (!Locate(path, &rel)) return false;
    std::vector<std::string> args = {"ls-tree", "-r", "-z", "--full-tree", commit_};
    if (!rel.empty()) {
      args.push_back("--");
      args.push_back(rel);
    }
    ProcessResult r = Git(top_, args);
    if (!r.finished() || r.exit_code != 0) return GitFailed(r, "ls-tree");
    size_t pos = 0;
    while (pos < r.out.size()) {
      size_t end = r.out.find('\0', pos);
      if (end == std::string::npos) end = r.out.size();
      std::string_view entry(r.out.data() + pos, end - pos);
      pos = end + 1;
      size_t tab = entry.find('\t');
      if (tab == std::string_view::npos) continue;
      std::string_view meta = entry.substr(0, tab);
      std::string name(entry.substr(tab + 1));
      if (meta.substr(0, 6) != "100644" && meta.substr(0, 6) != "100755") continue;
      std::string object(meta.substr(meta.rfind(' ') + 1));
      if (name != rel) {
        std::string inner = rel.empty() ? name : name.substr(rel.size() + 1);
        bool hidden = inner[0] == '.' || inner.find("/.") != std::string::npos;
        if (hidden || !HasYamlExtension(name)) continue;
      }
      (*blobs)[ref_ + ":" + name] = object;
    }
    return true;
  }

  std::string ref_;
  Diagnostics& diags_;
  std::chrono::milliseconds timeout_{0};
  std::string top_;
  std::string commit_;
};

bool IsGitSpec(const std::string& spec) { return spec.compare(0, 4, "git:") == 0; }

// A current state that is a file but not YAML is read as a state file.
bool IsStateFile(FileSystem::Type type, const std::string& spec) {
  return type == FileSystem::Type::kFile && !HasYamlExtension(spec);
}

// Whether `spec`, which names no file, is a revision of the git repository
// holding the configuration (`--current HEAD` meant `git:HEAD`). Asks git
// only for what could be a revision; false when git is missing or slow.
bool NamesGitRevision(const std::string& spec, const std::vector<std::string>& desired_paths) {
  if (spec.empty() || spec[0] == '-' || spec[0] == '/' || spec[0] == '.' ||
      HasYamlExtension(spec) || spec.find_first_of(" \t\n") != std::string::npos) {
    return false;
  }
  std::string dir = desired_paths.empty() ? "." : desired_paths.front();
  std::unique_ptr<FileSystem> disk = RealFileSystem();
  if (disk->TargetType(dir) != FileSystem::Type::kDirectory) {
    size_t slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : dir.substr(0, std::max<size_t>(slash, 1));
  }
  current_internal::ProcessOptions options;
  bool invalid_timeout = false;
  options.timeout = std::min(current_internal::GitTimeout(&invalid_timeout),
                             std::chrono::milliseconds(10000));
  options.environment = {"GIT_TERMINAL_PROMPT=0"};
  ProcessResult r = RunProcess({"git", "-C", dir, "rev-parse", "--verify", "--quiet",
                                spec + "^{commit}"},
                               options);
  return r.finished() && r.exit_code == 0;
}

// ---- a live ToolJet database ----

LiveState ReadLive(const std::string& spec, const std::string& workspace) {
  auto start = std::chrono::steady_clock::now();
  LiveState state;
  live::ReadRequest request;
  if (live::RequestFromEnvironment(spec, workspace, &request, state.diags)) {
    request.for_comparison = true;
    live::LiveWorkspace read;
    state.ok = live::ReadWorkspace(request, &read, &state.summary, state.diags);
    state.sources = std::move(read.sources);
    if (state.ok) {
      state.name = read.model.name.name;
      state.notes = std::move(read.notes);
      state.workspace = std::make_unique<Workspace>(std::move(read.model));
      state.access = std::make_unique<AccessMatrix>(AccessMatrix::Compile(*state.workspace));
    } else {
      state.ambiguous = state.diags.items().size() == 1 &&
                        state.diags.items()[0].code == Code::kAmbiguousWorkspace;
    }
  }
  state.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return state;
}

bool LoadDatabase(const std::string& spec, const LiveTarget& live, CurrentPrefetch* prefetch,
                  CurrentState* out, Diagnostics& diags, bool* cannot_run) {
  out->label = live::RedactUrl(spec);
  out->live = true;
  LiveState state;
  bool again = true;
  if (prefetch != nullptr && prefetch->Started() && prefetch->Database()) {
    state = prefetch->TakeLive();
    RecordTiming("read the ToolJet database (beside the configuration)", state.seconds);
    // The prefetch knew only --workspace: what it read must be the
    // workspace the configuration names.
    again = state.ambiguous || (state.ok && !live.workspace.empty() &&
                                state.name != live.workspace && state.summary.slug != live.workspace);
  }
  if (again) {
    state = ReadLive(spec, live.workspace);
    RecordTiming("read the ToolJet database", state.seconds);
  }
  // The rows the findings point at.
  out->loaded.sources = std::move(state.sources);
  if (!state.ok) {
    diags.Append(std::move(state.diags));
    *cannot_run = true;
    return false;
  }
  // What the live workspace holds that the comparison cannot see, at the
  // rows it is about.
  live::AddRowNoteDiagnostics(state.notes, state.name, &out->loaded.sources, diags);
  if (live.desired != nullptr) {
    live::AdoptResult adopted = live::AdoptSettings(state.workspace.get(), *live.desired);
    if (adopted.rules_changed) {
      state.access = std::make_unique<AccessMatrix>(
          AccessMatrix::Compile(*state.workspace, state.workspace->access_rules));
    }
    // About the workspace as a whole: values taken as the configuration has them.
    auto not_compared = [&](size_t count, std::string_view why, std::string_view remedy) {
      if (count == 0) return;
      Location whole{out->loaded.sources.Add(live::OriginPath(state.name, {}), ""), 0, 0};
      diags.Warning(Code::kImportPlaceholder, whole,
                    fmt::format("{} of global constants {}, so they are taken as the "
                                "configuration has them and not compared; {} to compare them",
                                Plural(count, "value", "values"), why, remedy));
    };
    not_compared(adopted.values_not_compared,
                 "are encrypted in ToolJet's database and LOCKBOX_MASTER_KEY is not set",
                 "set LOCKBOX_MASTER_KEY");
    not_compared(adopted.variables_not_set,
                 "are read from environment variables ({fromEnv: VAR}) that are not set",
                 "set the variables");
  }
  out->workspace = std::move(state.workspace);
  out->access = std::move(state.access);
  return true;
}

GitFiles ReadGit(const std::string& spec, const std::vector<std::string>& desired_paths) {
  GitFiles git;
  GitReader reader(spec.substr(4), git.diags);
  git.ok = reader.Read(desired_paths, &git.fs, &git.files);
  git.commit = reader.commit();
  return git;
}

bool LoadGit(GitFiles git, const PipelineOptions& options, CurrentState* out, Diagnostics& diags,
             bool* cannot_run) {
  diags.Append(std::move(git.diags));
  if (!git.ok) {
    *cannot_run = true;
    return false;
  }
  out->commit = git.commit;
  if (git.files.empty()) {
    SetAbsent(out);
    return true;
  }
  return TakeChecked(LoadAndCheck(git.fs, git.files, options), out, diags, cannot_run);
}

}  // namespace

CheckedConfig LoadImported(const live::Imported& imported, const std::string& prefix,
                           PipelineOptions options) {
  MemoryFileSystem fs;
  std::vector<std::string> paths;
  for (const live::WrittenFile& file : imported.config.files) {
    paths.push_back(prefix + file.name);
    // The memory file system's paths are absolute; a relative display path
    // resolves from its root.
    fs.AddFile(paths.back()[0] == '/' ? paths.back() : "/" + paths.back(), file.text);
  }
  options.limits.max_file_bytes = uint64_t{1} << 40;
  CheckedConfig checked = LoadAndCheck(fs, paths, options);
  std::vector<uint32_t> ids(paths.size(), kNoFile);
  for (uint32_t id = 0; id < checked.loaded.sources.size(); ++id) {
    for (size_t i = 0; i < paths.size(); ++i) {
      if (checked.loaded.sources.file(id).path() == paths[i]) ids[i] = id;
    }
  }
  live::AddNoteDiagnostics(imported.config, ids, checked.diags);
  checked.diags.Sort();
  return checked;
}

CurrentPrefetch::CurrentPrefetch(const std::string& spec,
                                 const std::vector<std::string>& desired_paths,
                                 const std::string& workspace) {
  if (live::IsDatabaseUrl(spec)) {
    database_ = true;
    Start([this, spec, workspace] { live_ = ReadLive(spec, workspace); });
    database_ = Started();  // no thread: LoadCurrent reads it then
    return;
  }
  if (!IsGitSpec(spec)) {
    // A state file: its JSON is most of the time of a plan against it.
    if (!IsStateFile(RealFileSystem()->TargetType(spec), spec)) return;
    Start([this, spec] {
      auto start = std::chrono::steady_clock::now();
      std::unique_ptr<FileSystem> fs = RealFileSystem();
      StateFileRead& read = state_file_read_;
      read.state.label = spec;
      read.ok = LoadStateFile(*fs, spec, &read.state, read.diags, &read.cannot_run);
      read.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
    state_file_ = Started();  // no thread: LoadCurrent reads it then
    return;
  }
  Start([this, spec, desired_paths] {
    auto start = std::chrono::steady_clock::now();
    git_ = ReadGit(spec, desired_paths);
    git_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
}

CurrentPrefetch::CurrentPrefetch(std::function<LiveState()> read_live) {
  database_ = true;
  Start([this, read_live = std::move(read_live)] { live_ = read_live(); });
  database_ = Started();
}

void CurrentPrefetch::Start(std::function<void()> work) {
  try {
    thread_ = std::thread([this, work = std::move(work)] {
      // An exception must not end the process here (std::terminate): it is
      // thrown again where the result is taken, and reaches the command's
      // handler there.
      try {
        work();
      } catch (...) {
        error_ = std::current_exception();
      }
    });
  } catch (const std::exception&) {
    // No thread: LoadCurrent reads it then.
  }
}

CurrentPrefetch::~CurrentPrefetch() {
  if (thread_.joinable()) thread_.join();
}

void CurrentPrefetch::Join() {
  thread_.join();
  if (error_) {
    std::exception_ptr error = std::move(error_);
    error_ = nullptr;
    std::rethrow_exception(error);
  }
}

LiveState CurrentPrefetch::TakeLive() {
  Join();
  return std::move(live_);
}

GitFiles CurrentPrefetch::Take() {
  Join();
  return std::move(git_);
}

StateFileRead CurrentPrefetch::TakeStateFile() {
  Join();
  return std::move(state_file_read_);
}

bool LoadCurrent(const std::string& spec, const std::vector<std::string>& desired_paths,
                 const PipelineOptions& options, CurrentState* out, Diagnostics& diags,
                 bool* cannot_run, CurrentPrefetch* prefetch,
                 const LiveTarget& live) {
  *cannot_run = false;
  out->label = spec;
  if (live::IsDatabaseUrl(spec)) {
    (void)options;  // the import is loaded with a current state's options (ReadLive)
    return LoadDatabase(spec, live, prefetch, out, diags, cannot_run);
  }
  if (IsGitSpec(spec)) {
    if (prefetch != nullptr && prefetch->Started()) {
      GitFiles git = prefetch->Take();
      RecordTiming("read from git (beside the configuration)", git.seconds);
      return LoadGit(std::move(git), options, out, diags, cannot_run);
    }
    GitFiles git = Timed("read from git", [&] { return ReadGit(spec, desired_paths); });
    return LoadGit(std::move(git), options, out, diags, cannot_run);
  }
  std::unique_ptr<FileSystem> disk = RealFileSystem();
  FileSystem::Type type = disk->TargetType(spec);
  if (type == FileSystem::Type::kMissing && NamesGitRevision(spec, desired_paths)) {
    diags.Error(Code::kUnreadableFile, Location{},
                fmt::format("cannot read '{0}': no such file or directory; '{0}' is a git "
                            "revision: to compare with the configuration at it, write "
                            "'--current git:{0}'",
                            spec));
    *cannot_run = true;
    return false;
  }
  if (IsStateFile(type, spec)) {
    if (prefetch != nullptr && prefetch->StateFile()) {
      StateFileRead read = prefetch->TakeStateFile();
      RecordTiming("read the state file (beside the configuration)", read.seconds);
      *out = std::move(read.state);
      diags.Append(std::move(read.diags));
      *cannot_run = read.cannot_run;
      return read.ok;
    }
    return LoadStateFile(*disk, spec, out, diags, cannot_run);
  }
  // A directory or a YAML file; anything else, the loader reports as it does
  // for `check`.
  return TakeChecked(LoadAndCheck(*disk, {spec}, options), out, diags, cannot_run);
}

}  // namespace stagegate
