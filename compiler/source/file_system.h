// File access behind a small interface, so unit tests run in memory and only
// RealFileSystem touches the disk. Used by the loader to find and read the
// configuration's files.
#ifndef STAGEGATE_SOURCE_FILE_SYSTEM_H_
#define STAGEGATE_SOURCE_FILE_SYSTEM_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stagegate {

class FileSystem {
 public:
  enum class Type { kMissing, kFile, kDirectory, kSymlink, kOther };

  struct Entry {
    std::string name;  // a directory entry's name (no path)
    Type type = Type::kOther;
  };

  virtual ~FileSystem() = default;

  // The type of `path` itself, not following a final symbolic link.
  virtual Type LinkType(const std::string& path) const = 0;
  // The type after following symbolic links (kMissing for a dangling one).
  virtual Type TargetType(const std::string& path) const = 0;
  // The canonical absolute path (all links resolved), or "" if it cannot be
  // resolved (missing, a loop).
  virtual std::string Canonical(const std::string& path) const = 0;
  // A directory's entries, or false with `error` set.
  virtual bool List(const std::string& dir, std::vector<Entry>* entries, std::string* error) const = 0;
  // A file's size in bytes, or false with `error` set.
  virtual bool Size(const std::string& path, uint64_t* size, std::string* error) const = 0;
  // A file's content, at most `limit` bytes (more is an error the caller
  // reports), or false with `error` set.
  virtual bool Read(const std::string& path, uint64_t limit, std::string* content,
                    std::string* error) const = 0;

  // A read-only view of a file's content, valid while `*view` lives: the
  // same bytes Read gives, without copying them where the disk allows (the
  // real disk maps the file; a state file can be hundreds of MiB). The
  // default reads the file into memory the view owns.
  class View {
   public:
    virtual ~View() = default;
    virtual std::string_view text() const = 0;
  };
  virtual bool Map(const std::string& path, uint64_t limit, std::unique_ptr<View>* view,
                   std::string* error) const;
};

// The real disk, through POSIX calls.
std::unique_ptr<FileSystem> RealFileSystem();

// An in-memory tree for tests: absolute '/'-separated paths; directories are
// implied by the files and links in them.
class MemoryFileSystem : public FileSystem {
 public:
  void AddFile(const std::string& path, std::string content);
  void AddSymlink(const std::string& path, std::string target);
  void AddDirectory(const std::string& path);
  // Marks a file or directory as unreadable (reads and listings fail).
  void MakeUnreadable(const std::string& path);

  Type LinkType(const std::string& path) const override;
  Type TargetType(const std::string& path) const override;
  std::string Canonical(const std::string& path) const override;
  bool List(const std::string& dir, std::vector<Entry>* entries, std::string* error) const override;
  bool Size(const std::string& path, uint64_t* size, std::string* error) const override;
  bool Read(const std::string& path, uint64_t limit, std::string* content,
            std::string* error) const override;

 private:
  std::map<std::string, std::string> files_;
  std::map<std::string, std::string> links_;
  std::map<std::string, bool> dirs_;  // value: unreadable
  std::map<std::string, bool> unreadable_;
};

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_FILE_SYSTEM_H_
