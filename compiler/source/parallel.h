// Two pieces of independent work on the machine's two cores: the one way the
// stages use a second thread (the loader's workers aside).
#ifndef STAGEGATE_SOURCE_PARALLEL_H_
#define STAGEGATE_SOURCE_PARALLEL_H_

#include <cstddef>
#include <exception>
#include <thread>

namespace stagegate {

// Below this many entities (users plus apps, say) a second thread costs more
// than the work it would take over.
inline constexpr size_t kWorthAThread = 1000;

// Runs `beside` on a second thread while `here` runs on this one, when
// `worth_a_thread` and a thread can be started; otherwise `here`, then
// `beside`, on this thread. Returns when both are done. The two must not
// write the same data: callers give each its own output and merge them in a
// fixed order, so the result never depends on which finished first.
//
// An exception thrown by either reaches the caller (the first of them, `here`'s
// when both throw), after both have finished, as if both had run on this
// thread: never std::terminate.
template <typename Beside, typename Here>
void RunBeside(bool worth_a_thread, Beside&& beside, Here&& here) {
  std::thread second;
  std::exception_ptr beside_failed;
  if (worth_a_thread) {
    try {
      second = std::thread([&] {
        try {
          beside();
        } catch (...) {
          beside_failed = std::current_exception();
        }
      });
    } catch (const std::exception&) {
      // No second thread: both run here.
    }
  }
  if (!second.joinable()) {
    here();
    beside();
    return;
  }
  try {
    here();
  } catch (...) {
    second.join();
    throw;
  }
  second.join();
  if (beside_failed) std::rethrow_exception(beside_failed);
}

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_PARALLEL_H_
