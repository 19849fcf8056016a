#include "source/timings.h"

#include <sys/resource.h>

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

namespace stagegate {
namespace {

struct State {
  bool on = false;
  std::thread::id main;  // the thread that enabled timings: the only one recorded
  std::chrono::steady_clock::time_point start;
  std::string prefix;
  std::vector<std::pair<std::string, double>> stages;
};

State& Global() {
  static State state;
  return state;
}

double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }

}  // namespace

void EnableTimings() {
  State& s = Global();
  if (s.on) return;
  s.on = true;
  s.main = std::this_thread::get_id();
  s.start = std::chrono::steady_clock::now();
}

bool TimingsEnabled() { return Global().on; }

// Work on another thread (a prefetch beside the configuration) is not
// recorded stage by stage: the table is the main thread's, and the other
// thread's total is recorded by whoever joins it.
static bool Recording() {
  const State& s = Global();
  return s.on && std::this_thread::get_id() == s.main;
}

void RecordTiming(std::string_view name, double seconds) {
  State& s = Global();
  if (!Recording()) return;
  std::string key = s.prefix.empty() ? std::string(name) : s.prefix + ": " + std::string(name);
  auto it = std::find_if(s.stages.begin(), s.stages.end(),
                         [&](const auto& stage) { return stage.first == key; });
  if (it == s.stages.end()) {
    s.stages.emplace_back(std::move(key), seconds);
  } else {
    it->second += seconds;
  }
}

StageTimer::StageTimer(std::string_view name) : name_(name), on_(Recording()) {
  if (!on_) return;
  RecordTiming(name_, 0);  // listed in the order stages start
  start_ = std::chrono::steady_clock::now();
}

void StageTimer::Stop() {
  if (!on_) return;
  on_ = false;
  RecordTiming(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
                          .count());
}

TimingPrefix::TimingPrefix(std::string prefix) : active_(Recording()) {
  if (!active_) return;  // nothing is recorded here: leave the main thread's prefix alone
  previous_ = Global().prefix;
  Global().prefix = previous_.empty() ? std::move(prefix) : previous_ + ": " + prefix;
}

TimingPrefix::~TimingPrefix() {
  if (active_) Global().prefix = std::move(previous_);
}

std::string FormatTimings() {
  const State& s = Global();
  size_t width = 5;  // "total"
  for (const auto& [name, seconds] : s.stages) width = std::max(width, name.size());
  std::string out = "stagegate: timings (wall clock):\n";
  for (const auto& [name, seconds] : s.stages)
    out += fmt::format("  {:<{}}  {:>10.1f} ms\n", name, width, seconds * 1e3);
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  out += fmt::format("  {:<{}}  {:>10.1f} ms (cpu {:.1f} ms, peak memory {:.1f} MiB)\n", "total",
                     width, total * 1e3, cpu * 1e3, static_cast<double>(usage.ru_maxrss) / 1024);
  return out;
}

}  // namespace stagegate
