// Finding the configuration files. A named directory is walked in byte order
// of entry names; links to directories are walked after the real tree (so a
// file's real path is preferred for its display path), each canonical
// directory once, which bounds the walk whatever the links do. Files reached
// twice are kept once.
#include "yaml/discover.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <fmt/format.h>

namespace stagegate {
namespace yaml_internal {
namespace {

bool HasYamlExtension(const std::string& name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

bool IsInside(const std::string& path, const std::string& dir) {
  if (dir == "/") return !path.empty() && path[0] == '/';
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

std::string JoinDisplay(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir == "/") return "/" + name;
  return dir + "/" + name;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

// How a path appears in a message: "." for the current directory.
std::string Shown(const std::string& display) { return display.empty() ? "." : display; }

struct Found {
  FoundFile file;
  std::string canonical;
  bool via_link;
};

class Walker {
 public:
  Walker(const FileSystem& fs, Diagnostics& diags, bool* unreadable)
      : fs_(fs), diags_(diags), unreadable_(unreadable) {}

  void AddPath(const std::string& path) {
    std::string display = NormalizeDisplayPath(path);
    if (fs_.LinkType(path) == FileSystem::Type::kMissing) {
      Unreadable(display, "no such file or directory");
      return;
    }
    switch (fs_.TargetType(path)) {
      case FileSystem::Type::kDirectory:
        WalkRoot(path, display);
        return;
      case FileSystem::Type::kFile:
        found_.push_back({{display, path}, fs_.Canonical(path), false});
        return;
      case FileSystem::Type::kMissing:
        Unreadable(display, ErrorOf(path));
        return;
      default:
        Unreadable(display, "not a regular file or directory");
        return;
    }
  }

  std::vector<FoundFile> Result() {
    std::sort(found_.begin(), found_.end(),
              [](const Found& a, const Found& b) { return a.file.display < b.file.display; });
    // One entry per real file: the one reached without a link, else the
    // first by display path.
    std::map<std::string, size_t> chosen;
    std::vector<bool> keep(found_.size(), false);
    for (size_t i = 0; i < found_.size(); ++i) {
      const std::string& key = found_[i].canonical.empty() ? found_[i].file.display
                                                           : found_[i].canonical;
      auto [it, inserted] = chosen.emplace(key, i);
      if (inserted) {
        keep[i] = true;
      } else if (found_[it->second].via_link && !found_[i].via_link) {
        keep[it->second] = false;
        keep[i] = true;
        it->second = i;
      }
    }
    std::vector<FoundFile> out;
    for (size_t i = 0; i < found_.size(); ++i) {
      if (keep[i]) out.push_back(std::move(found_[i].file));
    }
    return out;
  }

 private:
  struct PendingLink {
    std::string path, display, canonical;
  };

  void Unreadable(const std::string& display, const std::string& error) {
    diags_.Error(Code::kUnreadableFile, kNoFile,
                 fmt::format("cannot read '{}': {}", Shown(display), error));
    *unreadable_ = true;
  }

  std::string ErrorOf(const std::string& path) const {
    uint64_t size = 0;
    std::string error;
    if (fs_.Size(path, &size, &error)) return "cannot be resolved";
    return error;
  }

  void WalkRoot(const std::string& path, const std::string& display) {
    root_display_ = display;
    root_canonical_ = fs_.Canonical(path);
    visited_.clear();
    pending_.clear();
    visited_.insert(root_canonical_);
    WalkDirectory(path, display, root_canonical_);
    while (!pending_.empty()) {
      PendingLink link = std::move(pending_.front());
      pending_.pop_front();
      if (!visited_.insert(link.canonical).second) continue;  // already read
      WalkDirectory(link.path, link.display, link.canonical);
    }
  }

  void WalkDirectory(const std::string& path, const std::string& display,
                     const std::string& canonical) {
    std::vector<FileSystem::Entry> entries;
    std::string error;
    if (!fs_.List(path, &entries, &error)) {
      Unreadable(display, error);
      return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const FileSystem::Entry& a, const FileSystem::Entry& b) { return a.name < b.name; });
    for (const FileSystem::Entry& e : entries) {
      if (e.name.empty() || e.name[0] == '.') continue;  // .git, .github, editors' files
      std::string child = JoinPath(path, e.name);
      std::string child_display = JoinDisplay(display, e.name);
      std::string child_canonical = JoinPath(canonical, e.name);
      switch (e.type) {
        case FileSystem::Type::kDirectory:
          if (visited_.insert(child_canonical).second) {
            WalkDirectory(child, child_display, child_canonical);
          }
          break;
        case FileSystem::Type::kFile:
          if (HasYamlExtension(e.name)) {
            found_.push_back({{child_display, child}, child_canonical, false});
          }
          break;
        case FileSystem::Type::kSymlink:
          FollowLink(child, child_display, e.name, canonical);
          break;
        default:  // sockets, pipes: never read (a pipe would block)
          break;
      }
    }
  }

  void FollowLink(const std::string& path, const std::string& display, const std::string& name,
                  const std::string& parent_canonical) {
    std::string target = fs_.Canonical(path);
    if (target.empty()) {
      std::string error = ErrorOf(path);
      if (error.find("symbolic links") != std::string::npos) {
        diags_.Error(Code::kSymlinkLoop, kNoFile,
                     fmt::format("symbolic link '{}' is part of a loop of links; it is not "
                                 "followed",
                                 display));
      } else {
        Unreadable(display, "the symbolic link's target does not exist");
      }
      return;
    }
    if (!IsInside(target, root_canonical_)) {
      diags_.Error(Code::kSymlinkEscape, kNoFile,
                   fmt::format("symbolic link '{}' leads outside '{}'; it is not followed (copy "
                               "the file into the directory instead)",
                               display, Shown(root_display_)));
      return;
    }
    switch (fs_.TargetType(path)) {
      case FileSystem::Type::kDirectory:
        if (IsInside(parent_canonical, target)) {
          diags_.Error(Code::kSymlinkLoop, kNoFile,
                       fmt::format("symbolic link '{}' leads back into a directory that contains "
                                   "it; it is not followed",
                                   display));
          return;
        }
        pending_.push_back({path, display, target});
        return;
      case FileSystem::Type::kFile:
        if (HasYamlExtension(name)) found_.push_back({{display, path}, target, true});
        return;
      default:
        return;
    }
  }

  const FileSystem& fs_;
  Diagnostics& diags_;
  bool* unreadable_;
  std::vector<Found> found_;
  std::string root_display_, root_canonical_;
  std::set<std::string> visited_;  // canonical directories walked for this root
  std::deque<PendingLink> pending_;
};

}  // namespace

std::string NormalizeDisplayPath(const std::string& path) {
  std::string out = !path.empty() && path[0] == '/' ? "/" : "";
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string_view part(path.data() + i, j - i);
    if (!part.empty() && part != ".") {
      if (!out.empty() && out.back() != '/') out += '/';
      out.append(part);
    }
    i = j + 1;
  }
  return out;
}

std::vector<FoundFile> FindConfigFiles(const FileSystem& fs, const std::vector<std::string>& paths,
                                       Diagnostics& diags, bool* unreadable) {
  Walker walker(fs, diags, unreadable);
  for (const std::string& path : paths) walker.AddPath(path);
  return walker.Result();
}

}  // namespace yaml_internal
}  // namespace stagegate
