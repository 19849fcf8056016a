// Runs the real stagegate binary with real argv (and optional environment and
// working directory) and captures its exit code, stdout and stderr. Shared by
// the CLI tests.
#ifndef STAGEGATE_TESTS_CLI_SUPPORT_H_
#define STAGEGATE_TESTS_CLI_SUPPORT_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace stagegate::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool timed_out = false;  // killed after RunOptions::timeout_seconds
  long max_rss_kib = 0;    // the child's peak resident memory
};

struct RunOptions {
  std::map<std::string, std::string> env;  // added to (or replacing in) the environment
  std::vector<std::string> unset;          // removed from the environment
  std::string cwd;
  // Kill the child after this long (0: wait for ever); RunResult::timed_out.
  int timeout_seconds = 0;
  // A command to run the binary with, such as {"setpriv", "--reuid=65534",
  // ...}; found on PATH.
  std::vector<std::string> wrapper;
  // The binary to run instead of the one just built (a copy of it).
  std::string binary;
};

// Options that only set the working directory.
inline RunOptions InDirectory(std::string cwd) {
  RunOptions options;
  options.cwd = std::move(cwd);
  return options;
}

inline RunResult Run(const std::vector<std::string>& args, const RunOptions& options = {}) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
    // Tests start from a colourless, predictable environment.
    unsetenv("NO_COLOR");
    unsetenv("SOURCE_DATE_EPOCH");  // a report dated only where a test asks
    for (const auto& name : options.unset) unsetenv(name.c_str());
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> copy = options.wrapper;
    copy.push_back(options.binary.empty() ? std::string(STAGEGATE_BINARY) : options.binary);
    copy.insert(copy.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  RunResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  while (open_fds > 0) {
    int wait_ms = -1;
    if (options.timeout_seconds > 0 && !result.timed_out) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        kill(pid, SIGKILL);  // the pipes close as it dies
        result.timed_out = true;
      } else {
        wait_ms = static_cast<int>(left.count());
      }
    }
    if (poll(fds, 2, wait_ms) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  result.max_rss_kib = usage.ru_maxrss;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// A fresh temporary directory, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : "/tmp") +
                       "/stagegate-test-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
    path_ = tmpl;
  }
  ~TempDir() {
    std::string cmd = "rm -rf '" + path_ + "'";
    if (std::system(cmd.c_str()) != 0) {
    }
  }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string full = path_ + "/" + name;
    std::string dir = full.substr(0, full.rfind('/'));
    std::string mk = "mkdir -p '" + dir + "'";
    if (std::system(mk.c_str()) != 0) throw std::runtime_error("mkdir");
    std::ofstream(full, std::ios::binary) << content;
    return full;
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

inline std::string SourceDir() { return STAGEGATE_SOURCE_DIR; }

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_CLI_SUPPORT_H_
