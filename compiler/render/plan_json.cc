// `plan --format json`: the diff and the plan as one object, keys sorted,
// for tools (docs/cli.md documents it). The access lists can hold hundreds of
// thousands of changes, so they are written as text, record by record, with
// each shared list of causes printed once; the result is byte for byte what
// the JSON library prints for the whole document.
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "render/plan_common.h"
#include "render/plan_render.h"
#include "source/headline.h"
#include "state/state_json.h"

namespace stagegate {
namespace {

using nlohmann::json;

// Where the access records sit: {"access": {"cells": [ {...} ] } }.
constexpr int kRecordLevel = 3;
constexpr int kFieldLevel = kRecordLevel + 1;

json Optional(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

// The causes lists as text at a record's field level, each printed once.
class CausesText {
 public:
  CausesText(const Diff& diff, const PlanReport& r) : diff_(diff), r_(r) {}

  const std::string& Get(uint32_t index, bool previous) {
    uint64_t key = uint64_t{index} << 1 | uint64_t{previous};
    auto it = text_.find(key);
    if (it != text_.end()) return it->second;
    return text_.emplace(key, JsonTextAt(Json(index, previous), kFieldLevel)).first->second;
  }

 private:
  json Json(uint32_t index, bool previous) const {
    json list = json::array();
    const std::vector<Causes>& all = previous ? diff_.previous_causes : diff_.causes;
    if (index == kNoCauses || index >= all.size()) return list;
    const SourceSet* sources = previous ? r_.current_sources : r_.desired_sources;
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

  const Diff& diff_;
  const PlanReport& r_;
  std::unordered_map<uint64_t, std::string> text_;
};

// One record: its fields as (key, value text), keys in sorted order.
using Fields = std::vector<std::pair<std::string_view, std::string>>;

// Appends `name`: [records...] at kRecordLevel - 1, as the JSON library
// prints an array of objects.
template <typename T, typename Make>
void AppendRecords(std::string* out, std::string_view name, const std::vector<T>& items,
                   const Make& make) {
  *out += JsonIndent(kRecordLevel - 1) + JsonQuoted(name) + ": ";
  if (items.empty()) {
    *out += "[]";
    return;
  }
  *out += "[";
  const std::string record_indent = JsonIndent(kRecordLevel);
  const std::string field_indent = JsonIndent(kFieldLevel);
  for (size_t i = 0; i < items.size(); ++i) {
    *out += i == 0 ? "\n" : ",\n";
    *out += record_indent + "{\n";
    Fields fields = make(items[i]);
    for (size_t f = 0; f < fields.size(); ++f) {
      *out += field_indent;
      *out += JsonQuoted(fields[f].first);
      *out += ": ";
      *out += fields[f].second;
      *out += f + 1 < fields.size() ? ",\n" : "\n";
    }
    *out += record_indent + "}";
  }
  *out += "\n" + JsonIndent(kRecordLevel - 1) + "]";
}

std::string Quoted(std::string_view text) { return JsonQuoted(text); }

std::string AccessText(const PlanReport& r) {
  const Diff& diff = *r.diff;
  CausesText causes(diff, r);
  std::string out = "{\n";
  if (!diff.public_apps.empty()) {  // R13; only when there is one, and it sorts first
    AppendRecords(&out, kAnyone, diff.public_apps, [&](const PublicChange& c) {
      return Fields{{"after", Quoted(PublicAccessName(c.after))},
                    {"app", Quoted(c.app)},
                    {"before", Quoted(PublicAccessName(c.before))},
                    {"direction", Quoted(DirectionName(c.direction))}};
    });
    out += ",\n";
  }
  AppendRecords(&out, "cells", diff.cells, [&](const CellChange& c) {
    return Fields{{"after", Quoted(CapabilityName(c.after))},
                  {"app", Quoted(c.app)},
                  {"before", Quoted(CapabilityName(c.before))},
                  {"causes", causes.Get(c.causes, false)},
                  {"column", Quoted(c.column)},
                  {"direction", Quoted(DirectionName(c.direction))},
                  {"previousCauses", causes.Get(c.previous_causes, true)},
                  {"user", Quoted(c.user)}};
  });
  out += ",\n";
  AppendRecords(&out, "dataSources", diff.data_sources, [&](const DataSourceAccessChange& d) {
    return Fields{{"after", Quoted(DataSourceAccessName(d.after))},
                  {"before", Quoted(DataSourceAccessName(d.before))},
                  {"causes", causes.Get(d.causes, d.direction == Direction::kLoss)},
                  {"dataSource", Quoted(d.data_source)},
                  {"direction", Quoted(DirectionName(d.direction))},
                  {"user", Quoted(d.user)}};
  });
  out += ",\n";
  AppendRecords(&out, "eligibility", diff.eligibility, [&](const EligibilityChange& e) {
    return Fields{{"app", Quoted(e.app)},
                  {"direction", Quoted(DirectionName(e.direction))},
                  {"user", Quoted(e.user)},
                  {"what", Quoted(EligibilityName(e.what))}};
  });
  out += ",\n";
  AppendRecords(&out, "permissions", diff.permissions, [&](const PermissionChange& p) {
    return Fields{{"causes", causes.Get(p.causes, p.direction == Direction::kLoss)},
                  {"direction", Quoted(DirectionName(p.direction))},
                  {"permission", Quoted(WorkspacePermissionName(p.permission))},
                  {"user", Quoted(p.user)}};
  });
  out += "\n" + JsonIndent(1) + "}";
  return out;
}

}  // namespace

std::string PlanToJson(const PlanReport& r) {
  const Diff& diff = *r.diff;
  // Everything but "access" as one small document; "access" sorts first.
  json out;
  out["stagegate_plan"] = 1;
  out["current"] = r.current_label;
  if (r.current_live) out["currentLive"] = true;  // a ToolJet database: losses are drift
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
  std::string rest = out.dump(2, ' ', false, json::error_handler_t::replace);
  return "{\n" + JsonIndent(1) + "\"access\": " + AccessText(r) + ",\n" +
         rest.substr(2) + "\n";  // `rest` after its "{\n"
}

}  // namespace stagegate
