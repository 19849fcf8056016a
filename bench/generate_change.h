// --change: deterministic edits of a built organisation, for timing
// `stagegate plan CHANGED --current ORIGINAL`. The edits keep the
// configuration valid and free of warnings, and leave alone the users and
// apps the assertions are about, so both variants carry the same assertions.
#ifndef STAGEGATE_BENCH_GENERATE_CHANGE_H_
#define STAGEGATE_BENCH_GENERATE_CHANGE_H_

#include <cstdint>
#include <vector>

#include "generate_assertions.h"
#include "generate_model.h"

namespace stagegate::bench {

// How many edits of each kind were made, for the summary line.
struct ChangeCounts {
  uint32_t widened = 0, narrowed = 0, environments = 0, moved = 0, disabled = 0, promoted = 0;
  uint32_t Total() const { return widened + narrowed + environments + moved + disabled + promoted; }
};

// Makes up to `count` edits of `org`, cycling through the kinds; stops early
// when no kind can be made any more.
ChangeCounts ApplyChanges(Org& org, uint64_t seed, const std::vector<Assertion>& assertions,
                          uint32_t count);

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_CHANGE_H_
