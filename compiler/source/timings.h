// `--timings`: wall-clock time per pipeline stage, printed on standard error
// when the command ends, for finding where the time of a slow run goes (the
// benchmarks in bench/ use it too). Off by default; a disabled StageTimer
// costs one branch. Timings are recorded from the main thread only (the
// loader's parse threads are inside "load"; a timer on another thread
// records nothing); one set per process, like the exit code.
#ifndef STAGEGATE_SOURCE_TIMINGS_H_
#define STAGEGATE_SOURCE_TIMINGS_H_

#include <chrono>
#include <string>
#include <string_view>

namespace stagegate {

void EnableTimings();
bool TimingsEnabled();

// Adds `seconds` to stage `name` (stages keep the order they first ran in;
// a stage run twice, such as "load" of both sides of a plan, is summed under
// the current prefix, see TimingPrefix).
void RecordTiming(std::string_view name, double seconds);

// Times its own lifetime as stage `name`.
class StageTimer {
 public:
  explicit StageTimer(std::string_view name);
  ~StageTimer() { Stop(); }
  // Records now instead of at destruction (once).
  void Stop();
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  std::string_view name_;
  std::chrono::steady_clock::time_point start_;
  bool on_;
};

// Runs `f` as stage `name` and returns its result.
template <typename F>
auto Timed(std::string_view name, F&& f) {
  StageTimer timer(name);
  return f();
}

// While alive, stages are recorded as "PREFIX: stage" (e.g. "current state:
// load" while a plan reads the current configuration); prefixes nest.
class TimingPrefix {
 public:
  explicit TimingPrefix(std::string prefix);
  ~TimingPrefix();
  TimingPrefix(const TimingPrefix&) = delete;
  TimingPrefix& operator=(const TimingPrefix&) = delete;

 private:
  bool active_;
  std::string previous_;
};

// The table printed at the end: one line per stage in milliseconds, then the
// total wall time since EnableTimings, the process's CPU time and its peak
// resident memory.
std::string FormatTimings();

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_TIMINGS_H_
