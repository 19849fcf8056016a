// Shared by the diff tests: both sides of a diff built from inline YAML (see
// access_support.h) and the diff's parts as one-line strings to compare.
#ifndef STAGEGATE_TESTS_DIFF_TEST_SUPPORT_H_
#define STAGEGATE_TESTS_DIFF_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "access_support.h"
#include "diff/diff.h"

namespace stagegate::testing {

// "~ group qa" + per field "  groups.qa.apps[0].environments: [staging] -> [production]".
inline std::vector<std::string> EntityLines(const Diff& d) {
  std::vector<std::string> out;
  for (const EntityChange& e : d.entities) {
    char mark = e.change == ChangeKind::kAdded ? '+' : e.change == ChangeKind::kRemoved ? '-' : '~';
    std::string name = e.parent.empty() ? e.name : e.parent + " " + e.name;
    out.push_back(std::string(1, mark) + " " + std::string(EntityKindName(e.kind)) + " " + name);
    for (const FieldChange& f : e.fields) {
      out.push_back("  " + f.path + ": " + f.before.value_or("(absent)") + " -> " +
                    f.after.value_or("(absent)") + (f.secret ? " (secret)" : ""));
    }
  }
  return out;
}

inline std::string CausesText(const Diff& d, uint32_t id, bool previous) {
  if (id == kNoCauses) return "";
  std::string out;
  for (const GrantSource& g : (previous ? d.previous_causes : d.causes)[id]) {
    static const char* kKinds[] = {"role", "group", "owner", "admin"};
    out += std::string(out.empty() ? "" : ", ") + kKinds[static_cast<int>(g.kind)] + " " + g.name;
    if (g.location.line) out += " @" + std::to_string(g.location.line);
  }
  return " [" + out + "]";
}

// "+ user app column: before -> after [causes]" ("-" for losses, old causes).
inline std::vector<std::string> CellLines(const Diff& d) {
  std::vector<std::string> out;
  for (const CellChange& c : d.cells) {
    bool gain = c.direction == Direction::kGain;
    out.push_back(std::string(gain ? "+ " : "- ") + c.user + " " + c.app + " " + c.column + ": " +
                  std::string(CapabilityName(c.before)) + " -> " +
                  std::string(CapabilityName(c.after)) +
                  (gain ? CausesText(d, c.causes, false) : CausesText(d, c.previous_causes, true)));
  }
  return out;
}

inline std::vector<std::string> OtherAccessLines(const Diff& d) {
  std::vector<std::string> out;
  for (const PermissionChange& p : d.permissions) {
    bool gain = p.direction == Direction::kGain;
    out.push_back(std::string(gain ? "+ " : "- ") + p.user + " permission " +
                  std::string(WorkspacePermissionName(p.permission)) +
                  CausesText(d, p.causes, !gain));
  }
  for (const EligibilityChange& e : d.eligibility) {
    out.push_back(std::string(e.direction == Direction::kGain ? "+ " : "- ") + e.user + " " +
                  std::string(EligibilityName(e.what)) + " " + e.app +
                  CausesText(d, e.causes, e.direction == Direction::kLoss));
  }
  auto level = [](const std::optional<DataSourceLevel>& l) {
    return l ? std::string(DataSourceLevelName(*l)) : std::string("none");
  };
  for (const DataSourceAccessChange& s : d.data_sources) {
    out.push_back(std::string(s.direction == Direction::kGain ? "+ " : "- ") + s.user +
                  " dataSource " + s.data_source + ": " + level(s.before) + " -> " + level(s.after) +
                  CausesText(d, s.causes, s.direction == Direction::kLoss));
  }
  return out;
}

struct DiffFixture {
  std::unique_ptr<Staged> current, desired;
  Diff diff;
};

// current == "" : no current state.
inline DiffFixture DiffYaml(const std::string& current, const std::string& desired) {
  DiffFixture f;
  if (!current.empty()) f.current = CompileYaml(current);
  f.desired = CompileYaml(desired);
  f.diff = ComputeDiff(f.current ? &f.current->matrix() : nullptr, f.desired->matrix());
  return f;
}

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_DIFF_TEST_SUPPORT_H_
