// RunProcess: posix_spawnp into a process group of its own, with pipes for
// stdin, stdout and stderr. Our ends are non-blocking and driven by one poll
// loop with a deadline: a write never waits for the child to read, so a
// request larger than the pipe buffer cannot stall while the child waits for
// us to drain a reply larger than it (the two used to deadlock: `git cat-file
// --batch` on thousands of files), and nothing waits past the time limit.
#include "current/git.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string_view>

#include "source/limits.h"

extern char** environ;

namespace stagegate::current_internal {
namespace {

using Clock = std::chrono::steady_clock;

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

bool SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// Blocks SIGPIPE in this thread while writing to the child's stdin (a child
// that exits early must not kill us), and drops a pending one afterwards.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) && !sigismember(&old_, SIGPIPE)) {
      timespec zero{0, 0};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_, old_;
};

// Our environment with `overrides` ("NAME=value") replacing or adding entries.
std::vector<std::string> ChildEnvironment(const std::vector<std::string>& overrides) {
  auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = std::any_of(overrides.begin(), overrides.end(), [&](const std::string& o) {
      return name_of(o) == name_of(entry);
    });
    if (!replaced) env.emplace_back(entry);
  }
  env.insert(env.end(), overrides.begin(), overrides.end());
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Milliseconds until `deadline` for poll (at least 0, rounded up).
int PollTimeout(Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

// Reads what `*fd` has now into `out`; closes it at its end or on an error.
void Drain(int* fd, std::string* out) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(*fd, buf, sizeof buf);
    if (n > 0) {
      out->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    CloseFd(fd);  // end of output, or an error reading it
    return;
  }
}

// Waits for `pid` to exit until `deadline`; false when it has not.
bool WaitUntil(pid_t pid, Clock::time_point deadline, int* status) {
  long nap_us = 100;
  for (;;) {
    pid_t done = waitpid(pid, status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) return true;  // not our child any more
    if (Clock::now() >= deadline) return false;
    timespec nap{0, nap_us * 1000};
    nanosleep(&nap, nullptr);
    nap_us = std::min(nap_us * 2, 20'000L);
  }
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  const Clock::time_point deadline = Clock::now() + options.timeout;
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  auto close_all = [&] {
    for (int* fd : {&in[0], &in[1], &out[0], &out[1], &err[0], &err[1]}) CloseFd(fd);
  };
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
      !SetNonBlocking(in[1]) || !SetNonBlocking(out[0]) || !SetNonBlocking(err[0])) {
    result.error = std::strerror(errno);
    close_all();
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  // Its own process group, so a time-out stops whatever it started too; no
  // signal blocked and SIGPIPE at its default, whatever this process set.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, pipe_default;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigemptyset(&pipe_default);
  sigaddset(&pipe_default, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &pipe_default);
  std::vector<std::string> args = argv;
  std::vector<std::string> env = ChildEnvironment(options.environment);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0].c_str(), &actions, &attr, Pointers(args).data(),
                        Pointers(env).data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  CloseFd(&in[0]);
  CloseFd(&out[1]);
  CloseFd(&err[1]);
  if (rc != 0) {
    result.not_found = rc == ENOENT;
    result.error = std::strerror(rc);
    close_all();
    return result;
  }
  result.started = true;

  SigpipeGuard guard;
  const std::string& input = options.input;
  size_t written = 0;
  if (input.empty()) CloseFd(&in[1]);
  while (in[1] >= 0 || out[0] >= 0 || err[0] >= 0) {
    pollfd fds[3] = {{in[1], POLLOUT, 0}, {out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int ready = poll(fds, 3, PollTimeout(deadline));
    if (ready < 0 && errno != EINTR) break;
    if (ready == 0 && Clock::now() >= deadline) {
      result.timed_out = true;
      break;
    }
    if (ready <= 0) continue;
    if (in[1] >= 0 && fds[0].revents != 0) {
      ssize_t n = write(in[1], input.data() + written, input.size() - written);
      if (n > 0) {
        written += static_cast<size_t>(n);
        if (written == input.size()) CloseFd(&in[1]);  // the child sees the end of its input
      } else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        CloseFd(&in[1]);  // the child stopped reading (EPIPE)
      }
    }
    if (out[0] >= 0 && fds[1].revents != 0) Drain(&out[0], &result.out);
    if (err[0] >= 0 && fds[2].revents != 0) Drain(&err[0], &result.err);
  }
  close_all();
  int status = 0;
  if (result.timed_out || !WaitUntil(pid, deadline, &status)) {
    result.timed_out = true;
    kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::chrono::milliseconds GitTimeout(bool* invalid) {
  if (invalid) *invalid = false;
  const char* text = std::getenv("STAGEGATE_GIT_TIMEOUT");
  if (text != nullptr && *text != '\0') {
    char* end = nullptr;
    errno = 0;
    unsigned long long seconds = std::strtoull(text, &end, 10);
    bool digits = text[0] >= '0' && text[0] <= '9';
    if (digits && errno == 0 && *end == '\0' && seconds > 0 && seconds <= 7 * 24 * 3600) {
      return std::chrono::seconds(seconds);
    }
    if (invalid) *invalid = true;
  }
  return std::chrono::seconds(kGitTimeoutSeconds);
}

}  // namespace stagegate::current_internal
