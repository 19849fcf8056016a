// RunBeside (source/parallel.h): both pieces of work run, on two threads or
// one, and an exception from either reaches the caller instead of ending the
// process.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>

#include "source/parallel.h"
#include "source/location.h"
#include "source/wording.h"

namespace stagegate {
namespace {

TEST_CASE("RunBeside runs both pieces of work, on a second thread or not") {
  for (bool worth_a_thread : {false, true}) {
    INFO("worth a thread: " << worth_a_thread);
    int beside = 0, here = 0;
    RunBeside(worth_a_thread, [&] { beside = 1; }, [&] { here = 2; });
    CHECK(beside == 1);
    CHECK(here == 2);
  }
}

TEST_CASE("RunBeside: an exception on the second thread reaches the caller") {
  for (bool worth_a_thread : {false, true}) {
    INFO("worth a thread: " << worth_a_thread);
    std::atomic<bool> here_done{false};
    try {
      RunBeside(
          worth_a_thread, [] { throw std::runtime_error("beside failed"); },
          [&] { here_done = true; });
      FAIL("no exception reached the caller");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "beside failed");
    }
    CHECK(here_done);
  }
}

TEST_CASE("RunBeside: an exception on this thread waits for the other and reaches the caller") {
  std::atomic<bool> beside_done{false};
  try {
    RunBeside(
        true, [&] { beside_done = true; }, [] { throw std::logic_error("here failed"); });
    FAIL("no exception reached the caller");
  } catch (const std::logic_error& e) {
    CHECK(std::string(e.what()) == "here failed");
  }
  // The second thread was joined before the exception left RunBeside.
  CHECK(beside_done);
}

TEST_CASE("RunBeside: when both throw, the caller gets this thread's exception") {
  try {
    RunBeside(
        true, [] { throw std::runtime_error("beside"); }, [] { throw std::runtime_error("here"); });
    FAIL("no exception reached the caller");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "here");
  }
}

TEST_CASE("LowerAscii folds ASCII letters only, and CodePoints counts characters") {
  CHECK(LowerAscii("Ada.OKAFOR@Nexora.IO") == "ada.okafor@nexora.io");
  CHECK(LowerAscii("ÄÖÜ-Straße") == "ÄÖÜ-straße");  // no locale, no multi-byte folding
  CHECK(LowerAscii('Z') == 'z');
  CHECK(LowerAscii('[') == '[');
  CHECK(CodePoints("") == 0);
  CHECK(CodePoints("abc") == 3);
  CHECK(CodePoints("ÄÖÜ") == 3);
  CHECK(CodePoints("日本語のアプリ") == 7);
  CHECK(CodePoints("🙂") == 1);
}

}  // namespace
}  // namespace stagegate
