// The generator's reference evaluation and its assertions. Evaluate and
// Permissions compute effective access with the rules of docs/semantics.md
// (R2-R10), independently of stagegate's own code, so the assertions written
// into assertions.yaml check stagegate against a second implementation
// rather than against itself. ChooseAssertions picks whom and what they are
// about; the expected values are computed only when writing, on the final
// (possibly --change'd) organisation, so they always hold.
#ifndef STAGEGATE_BENCH_GENERATE_ASSERTIONS_H_
#define STAGEGATE_BENCH_GENERATE_ASSERTIONS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "generate_model.h"

namespace stagegate::bench {

enum Cap : uint8_t { kNone, kUse, kPreview, kRun, kEdit };
inline constexpr std::string_view kCapNames[] = {"none", "use", "preview", "run", "edit"};

// A user's access to one app: the level, and the capability in each
// environment column and the released column.
struct Access {
  bool edit = false;
  std::array<Cap, kEnvCount + 1> cells{};
};

Access Evaluate(const Org& o, uint32_t u, uint32_t a);
// The same by ToolJet's server's rules (S1-S3, S5, S6): an assertion must
// hold under both, so the writer states only the cells where they agree.
Access EvaluateOnServer(const Org& o, uint32_t u, uint32_t a);
// The user's workspace permissions (Perm bits).
uint16_t Permissions(const Org& o, uint32_t u);

struct Assertion {
  uint32_t user = 0;
  int64_t app = -1;
  std::string comment;
  // what to check
  bool expect = false;
  bool app_actions = false;    // can/cannot promote and release
  uint16_t perms_checked = 0;  // workspace permissions
};

// The subjects are chosen before --change edits the organisation, and are
// protected from it, so both variants assert about the same people and apps.
std::vector<Assertion> ChooseAssertions(const Org& o, uint64_t seed);

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_ASSERTIONS_H_
