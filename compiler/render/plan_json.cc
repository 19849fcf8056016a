// `plan --format json`: the diff and the plan as one object, keys sorted,
// for tools (docs/cli.md documents it).
#include <nlohmann/json.hpp>

#include "render/plan_common.h"
#include "render/plan_render.h"
#include "source/diagnostic_printer.h"

namespace stagegate {
namespace {

using nlohmann::json;

json CausesJson(const Diff& diff, uint32_t index, bool previous, const PlanReport& r) {
  json list = json::array();
  const std::vector<Causes>& all = previous ? diff.previous_causes : diff.causes;
  if (index == kNoCauses || index >= all.size()) return list;
  const SourceSet* sources = previous ? r.current_sources : r.desired_sources;
  for (const GrantSource& g : all[index]) {
    json c;
    static const char* kKinds[] = {"role", "group", "owner", "admin"};
    c["kind"] = kKinds[static_cast<size_t>(g.kind)];
    c["name"] = g.name;
    c["location"] = g.location.valid() && sources != nullptr && g.location.file < sources->size()
                        ? json(FormatLocation(*sources, g.location))
                        : json(nullptr);
    list.push_back(std::move(c));
  }
  return list;
}

const char* DirectionName(Direction d) { return d == Direction::kGain ? "gain" : "loss"; }

json Optional(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::string PlanToJson(const PlanReport& r) {
  const Diff& diff = *r.diff;
  json out;
  out["stagegate_plan"] = 1;
  out["current"] = r.current_label;
  out["currentAbsent"] = r.current_absent;
  out["desired"] = r.desired_label;

  json summary;
  summary["text"] = PlanSummaryLine(r);
  summary["accessGains"] = diff.summary.access_gains;
  summary["accessLosses"] = diff.summary.access_losses;
  summary["entitiesAdded"] = diff.summary.entities_added;
  summary["entitiesRemoved"] = diff.summary.entities_removed;
  summary["entitiesChanged"] = diff.summary.entities_changed;
  json steps_by_kind = json::object();
  for (size_t k = 0; k < kStepKindCount; ++k) {
    steps_by_kind[std::string(StepKindName(static_cast<StepKind>(k)))] =
        r.plan->summary.counts[k];
  }
  summary["steps"] = steps_by_kind;
  summary["blockedSteps"] = r.plan->summary.blocked;
  out["summary"] = summary;

  json access;
  json cells = json::array();
  for (const CellChange& c : diff.cells) {
    cells.push_back({{"user", c.user},
                     {"app", c.app},
                     {"column", c.column},
                     {"before", CapabilityName(c.before)},
                     {"after", CapabilityName(c.after)},
                     {"direction", DirectionName(c.direction)},
                     {"causes", CausesJson(diff, c.causes, false, r)},
                     {"previousCauses", CausesJson(diff, c.previous_causes, true, r)}});
  }
  access["cells"] = cells;
  json permissions = json::array();
  for (const PermissionChange& p : diff.permissions) {
    permissions.push_back({{"user", p.user},
                           {"permission", WorkspacePermissionName(p.permission)},
                           {"direction", DirectionName(p.direction)},
                           {"causes", CausesJson(diff, p.causes, p.direction == Direction::kLoss, r)}});
  }
  access["permissions"] = permissions;
  json eligibility = json::array();
  for (const EligibilityChange& e : diff.eligibility) {
    eligibility.push_back({{"user", e.user},
                           {"app", e.app},
                           {"what", EligibilityName(e.what)},
                           {"direction", DirectionName(e.direction)}});
  }
  access["eligibility"] = eligibility;
  json data_sources = json::array();
  for (const DataSourceAccessChange& d : diff.data_sources) {
    data_sources.push_back(
        {{"user", d.user},
         {"dataSource", d.data_source},
         {"before", d.before ? json(DataSourceLevelName(*d.before)) : json("none")},
         {"after", d.after ? json(DataSourceLevelName(*d.after)) : json("none")},
         {"direction", DirectionName(d.direction)},
         {"causes", CausesJson(diff, d.causes, d.direction == Direction::kLoss, r)}});
  }
  access["dataSources"] = data_sources;
  out["access"] = access;

  json configuration = json::array();
  for (const EntityChange& e : diff.entities) {
    json fields = json::array();
    for (const FieldChange& f : e.fields) {
      fields.push_back({{"path", f.path},
                        {"before", Optional(f.before)},
                        {"after", Optional(f.after)},
                        {"secret", f.secret}});
    }
    configuration.push_back({{"kind", EntityKindName(e.kind)},
                             {"change", ChangeKindName(e.change)},
                             {"name", e.name},
                             {"app", e.parent.empty() ? json(nullptr) : json(e.parent)},
                             {"fields", fields}});
  }
  out["configuration"] = configuration;

  json steps = json::array();
  for (const PlanStep& s : r.plan->steps) {
    steps.push_back({{"app", s.app},
                     {"version", s.version},
                     {"kind", StepKindName(s.kind)},
                     {"from", s.from.empty() ? json(nullptr) : json(s.from)},
                     {"to", s.to.empty() ? json(nullptr) : json(s.to)},
                     {"replaces", s.replaces.empty() ? json(nullptr) : json(s.replaces)},
                     {"permission", DescribePermission(s.permission, s.app)},
                     {"users", s.users()},
                     {"missing", s.missing},
                     {"blocked", s.blocked}});
  }
  out["steps"] = steps;
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace stagegate
