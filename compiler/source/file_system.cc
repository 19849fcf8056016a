// The two FileSystem implementations: the real disk through POSIX calls, and
// an in-memory tree for tests. Error strings are lowercase, the way the
// loader quotes them ("cannot read 'x': permission denied").
#include "source/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace stagegate {
namespace {

std::string ErrnoText(int err) {
  std::string text = std::strerror(err);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' && (text.size() < 2 || text[1] > 'Z')) {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

FileSystem::Type TypeOfMode(mode_t mode) {
  if (S_ISREG(mode)) return FileSystem::Type::kFile;
  if (S_ISDIR(mode)) return FileSystem::Type::kDirectory;
  if (S_ISLNK(mode)) return FileSystem::Type::kSymlink;
  return FileSystem::Type::kOther;
}

// A file's bytes held in memory.
class OwnedView : public FileSystem::View {
 public:
  explicit OwnedView(std::string text) : text_(std::move(text)) {}
  std::string_view text() const override { return text_; }

 private:
  std::string text_;
};

// A file mapped read-only into memory.
class MappedView : public FileSystem::View {
 public:
  MappedView(void* data, size_t size) : data_(data), size_(size) {}
  ~MappedView() override { munmap(data_, size_); }
  std::string_view text() const override { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_;
  size_t size_;
};

class PosixFileSystem : public FileSystem {
 public:
  Type LinkType(const std::string& path) const override {
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) return Type::kMissing;
    return TypeOfMode(st.st_mode);
  }

  Type TargetType(const std::string& path) const override {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return Type::kMissing;
    return TypeOfMode(st.st_mode);
  }

  std::string Canonical(const std::string& path) const override {
    char* resolved = realpath(path.c_str(), nullptr);
    if (resolved == nullptr) return "";
    std::string out = resolved;
    free(resolved);
    return out;
  }

  bool List(const std::string& dir, std::vector<Entry>* entries,
            std::string* error) const override {
    entries->clear();
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
      *error = ErrnoText(errno);
      return false;
    }
    errno = 0;
    while (struct dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      Entry entry;
      entry.name = name;
      // The type the directory already records, without an lstat per entry
      // (most file systems fill it in); otherwise asked.
      switch (e->d_type) {
        case DT_REG: entry.type = Type::kFile; break;
        case DT_DIR: entry.type = Type::kDirectory; break;
        case DT_LNK: entry.type = Type::kSymlink; break;
        case DT_UNKNOWN: entry.type = LinkType(dir + "/" + name); break;
        default: entry.type = Type::kOther; break;
      }
      entries->push_back(std::move(entry));
      errno = 0;
    }
    int err = errno;
    closedir(d);
    if (err != 0) {
      *error = ErrnoText(err);
      return false;
    }
    return true;
  }

  bool Size(const std::string& path, uint64_t* size, std::string* error) const override {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      *error = ErrnoText(errno);
      return false;
    }
    if (S_ISDIR(st.st_mode)) {
      *error = "is a directory";
      return false;
    }
    *size = static_cast<uint64_t>(st.st_size);
    return true;
  }

  // Reads at most limit + 1 bytes, so a caller can tell that the file is
  // over the limit (it grew after Size()) without reading all of it.
  bool Read(const std::string& path, uint64_t limit, std::string* content,
            std::string* error) const override {
    content->clear();
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = ErrnoText(errno);
      return false;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) <= limit) {
      // A regular file is read straight into place, in one pass (a state file
      // can be hundreds of MiB); whatever it grew by since is appended below.
      content->resize(static_cast<size_t>(st.st_size));
      size_t have = 0;
      while (have < content->size()) {
        ssize_t n = read(fd, content->data() + have, content->size() - have);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          *error = ErrnoText(errno);
          close(fd);
          content->clear();
          return false;
        }
        if (n == 0) break;  // it shrank
        have += static_cast<size_t>(n);
      }
      content->resize(have);
    }
    char buffer[1 << 16];
    while (content->size() <= limit) {
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0) {
        if (errno == EINTR) continue;
        *error = ErrnoText(errno);
        close(fd);
        return false;
      }
      if (n == 0) break;
      uint64_t room = limit + 1 - content->size();
      content->append(buffer, static_cast<size_t>(std::min<uint64_t>(room, static_cast<uint64_t>(n))));
    }
    close(fd);
    return true;
  }

  bool Map(const std::string& path, uint64_t limit, std::unique_ptr<View>* view,
           std::string* error) const override {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = ErrnoText(errno);
      return false;
    }
    struct stat st;
    bool mappable = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
                    static_cast<uint64_t>(st.st_size) <= limit;
    void* data = mappable ? mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                                 MAP_PRIVATE | MAP_POPULATE,
                                 fd, 0)
                          : MAP_FAILED;
    close(fd);
    if (data == MAP_FAILED) return FileSystem::Map(path, limit, view, error);  // read it instead
    *view = std::make_unique<MappedView>(data, static_cast<size_t>(st.st_size));
    return true;
  }
};

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

// Splits an absolute or relative path into its non-empty components.
std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

}  // namespace

std::unique_ptr<FileSystem> RealFileSystem() { return std::make_unique<PosixFileSystem>(); }

void MemoryFileSystem::AddFile(const std::string& path, std::string content) {
  files_[path] = std::move(content);
  for (std::string dir = Parent(path); dirs_.find(dir) == dirs_.end(); dir = Parent(dir)) {
    dirs_[dir] = false;
    if (dir == "/") break;
  }
}

void MemoryFileSystem::AddSymlink(const std::string& path, std::string target) {
  links_[path] = std::move(target);
  AddDirectory(Parent(path));
}

void MemoryFileSystem::AddDirectory(const std::string& path) {
  for (std::string dir = path; dirs_.find(dir) == dirs_.end(); dir = Parent(dir)) {
    dirs_[dir] = false;
    if (dir == "/") break;
  }
}

void MemoryFileSystem::MakeUnreadable(const std::string& path) { unreadable_[path] = true; }

// Resolves every link in `path` (the final one too when `follow_last`);
// returns "" for a dangling path or after 40 links (a loop). The result is a
// normalised absolute path.
static std::string Resolve(const std::map<std::string, std::string>& links,
                           const std::string& path, bool follow_last, bool* loop) {
  std::vector<std::string> pending = Components(path);
  std::reverse(pending.begin(), pending.end());
  std::string current;  // "" is the root
  int hops = 0;
  *loop = false;
  while (!pending.empty()) {
    std::string part = std::move(pending.back());
    pending.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      size_t slash = current.rfind('/');
      current = slash == std::string::npos ? "" : current.substr(0, slash);
      continue;
    }
    std::string next = current + "/" + part;
    auto link = links.find(next);
    if (link != links.end() && (follow_last || !pending.empty())) {
      if (++hops > 40) {
        *loop = true;
        return "";
      }
      std::vector<std::string> target = Components(link->second);
      if (!link->second.empty() && link->second[0] == '/') current.clear();
      for (auto it = target.rbegin(); it != target.rend(); ++it) pending.push_back(*it);
      continue;
    }
    current = std::move(next);
  }
  return current.empty() ? "/" : current;
}

FileSystem::Type MemoryFileSystem::LinkType(const std::string& path) const {
  bool loop = false;
  std::string p = Resolve(links_, path, /*follow_last=*/false, &loop);
  if (p.empty()) return Type::kMissing;
  if (links_.count(p)) return Type::kSymlink;
  if (files_.count(p)) return Type::kFile;
  if (dirs_.count(p)) return Type::kDirectory;
  return Type::kMissing;
}

FileSystem::Type MemoryFileSystem::TargetType(const std::string& path) const {
  std::string p = Canonical(path);
  if (p.empty()) return Type::kMissing;
  if (files_.count(p)) return Type::kFile;
  if (dirs_.count(p)) return Type::kDirectory;
  return Type::kMissing;
}

std::string MemoryFileSystem::Canonical(const std::string& path) const {
  bool loop = false;
  std::string p = Resolve(links_, path, /*follow_last=*/true, &loop);
  if (p.empty() || (!files_.count(p) && !dirs_.count(p))) return "";
  return p;
}

bool MemoryFileSystem::List(const std::string& dir, std::vector<Entry>* entries,
                            std::string* error) const {
  entries->clear();
  std::string p = Canonical(dir);
  if (p.empty()) {
    bool loop = false;
    Resolve(links_, dir, /*follow_last=*/true, &loop);
    *error = loop ? "too many levels of symbolic links" : "no such file or directory";
    return false;
  }
  if (!dirs_.count(p)) {
    *error = "not a directory";
    return false;
  }
  if (unreadable_.count(p)) {
    *error = "permission denied";
    return false;
  }
  std::string prefix = p == "/" ? "/" : p + "/";
  auto add_children = [&](auto& table, bool is_link) {
    for (auto it = table.lower_bound(prefix); it != table.end(); ++it) {
      const std::string& child = it->first;
      if (child.compare(0, prefix.size(), prefix) != 0) break;
      std::string rest = child.substr(prefix.size());
      if (rest.empty() || rest.find('/') != std::string::npos) continue;
      Entry e;
      e.name = rest;
      e.type = is_link ? Type::kSymlink : LinkType(child);
      entries->push_back(std::move(e));
    }
  };
  add_children(files_, /*is_link=*/false);
  add_children(dirs_, /*is_link=*/false);
  add_children(links_, /*is_link=*/true);
  return true;
}

bool MemoryFileSystem::Size(const std::string& path, uint64_t* size, std::string* error) const {
  std::string p = Canonical(path);
  if (p.empty()) {
    bool loop = false;
    Resolve(links_, path, /*follow_last=*/true, &loop);
    *error = loop ? "too many levels of symbolic links" : "no such file or directory";
    return false;
  }
  auto it = files_.find(p);
  if (it == files_.end()) {
    *error = "is a directory";
    return false;
  }
  *size = it->second.size();
  return true;
}

bool FileSystem::Map(const std::string& path, uint64_t limit, std::unique_ptr<View>* view,
                     std::string* error) const {
  std::string text;
  if (!Read(path, limit, &text, error)) return false;
  *view = std::make_unique<OwnedView>(std::move(text));
  return true;
}

bool MemoryFileSystem::Read(const std::string& path, uint64_t limit, std::string* content,
                            std::string* error) const {
  content->clear();
  uint64_t size = 0;
  if (!Size(path, &size, error)) return false;
  std::string p = Canonical(path);
  if (unreadable_.count(p)) {
    *error = "permission denied";
    return false;
  }
  const std::string& data = files_.at(p);
  *content = data.substr(0, static_cast<size_t>(std::min<uint64_t>(data.size(), limit + 1)));
  return true;
}

}  // namespace stagegate
