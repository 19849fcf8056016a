// ComputePlan: per app, matches current and desired versions by name, turns
// each difference into ordered steps (P1-P4, P8), and reports impossible
// changes (P2, P7) and blocked steps (P5, P6).
#include "plan/plan.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "model/template.h"
#include "source/wording.h"

namespace stagegate {
namespace {

int StatusRank(VersionStatus status) {
  switch (status) {
    case VersionStatus::kDraft:
      return 0;
    case VersionStatus::kPublished:
      return 1;
    case VersionStatus::kReleased:
      return 2;
  }
  return 0;
}

// One version that can take part in a plan, its environment as an index into
// the desired workspace's pipeline.
struct Ver {
  const AppVersion* v = nullptr;
  int env = 0;
  VersionStatus status = VersionStatus::kDraft;
  const std::string& name() const { return v->name.name; }
};

// The usable versions of `app`, sorted by name, first of each name. Versions
// checks reports (no name or status, unknown environment, misplaced drafts or
// releases) are left out; without promotion (multiEnvironment: false) a
// draft or a release may be in any environment.
std::vector<Ver> UsableVersions(const App& app, const Workspace& desired) {
  const int last = static_cast<int>(desired.environments.size()) - 1;
  const bool promotes = desired.multi_environment;
  std::vector<Ver> out;
  out.reserve(app.versions.size());
  for (const AppVersion& v : app.versions) {
    if (v.name.name.empty() || !v.status) continue;
    int env = desired.EnvironmentIndex(v.environment.name);
    if (env < 0) continue;
    if (promotes && *v.status == VersionStatus::kDraft && env != 0) continue;
    if (promotes && *v.status == VersionStatus::kReleased && env != last) continue;
    out.push_back({&v, env, *v.status});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Ver& a, const Ver& b) { return a.name() < b.name(); });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Ver& a, const Ver& b) { return a.name() == b.name(); }),
            out.end());
  return out;
}

// Which permission a kind of step needs: level edit (P6), appPromote (R9)
// or appRelease (R10). Its value indexes a per-class slot.
enum class PermissionClass : uint8_t { kEdit, kPromote, kRelease };
constexpr size_t kPermissionClassCount = 3;

PermissionClass PermissionClassOf(StepKind kind) {
  if (kind == StepKind::kPromote) return PermissionClass::kPromote;
  if (kind == StepKind::kRelease) return PermissionClass::kRelease;
  return PermissionClass::kEdit;
}

// What a step needs under the matrix's rule set: promote and release need
// level edit too under the documented rules (R9, R10), the permission alone
// on ToolJet's server (S4).
StepPermission PermissionFor(StepKind kind, AccessRules rules) {
  const Level level = rules == AccessRules::kServer ? Level::kNone : Level::kEdit;
  switch (PermissionClassOf(kind)) {
    case PermissionClass::kPromote:
      return {WorkspacePermission::kAppPromote, level, PromoteRule(rules)};
    case PermissionClass::kRelease:
      return {WorkspacePermission::kAppRelease, level, ReleaseRule(rules)};
    case PermissionClass::kEdit:
      break;
  }
  return {std::nullopt, Level::kEdit, "P6"};
}

// P6: the enabled users holding a permission class for an app. Users of one
// profile share their access except the app's owner (R6), so one
// representative per profile is asked and the owner on their own; apps whose
// profiles answer alike (the usual case with grants on "*") share one list,
// so the cost is profiles per app plus users per distinct answer.
class HolderCache {
 public:
  explicit HolderCache(const AccessMatrix& matrix) : matrix_(matrix) {}

  StepUsers Get(uint32_t app, PermissionClass permission_class) {
    auto holds = [&](uint32_t user) {
      switch (permission_class) {
        case PermissionClass::kPromote:
          return matrix_.CanPromote(user, app);
        case PermissionClass::kRelease:
          return matrix_.CanRelease(user, app);
        case PermissionClass::kEdit:
          break;
      }
      return matrix_.AccessOf(user, app).level == Level::kEdit;
    };
    const std::optional<uint32_t> owner = matrix_.OwnerOf(app);
    const bool owner_holds = owner && holds(*owner);
    const std::vector<Profile>& profiles = matrix_.profiles();
    std::string key(profiles.size(), '0');
    for (size_t i = 0; i < profiles.size(); ++i) {
      const std::vector<uint32_t>& users = profiles[i].users;
      auto rep = std::find_if(users.begin(), users.end(),
                              [&](uint32_t u) { return !owner || u != *owner; });
      if (rep == users.end() ? owner_holds : holds(*rep)) key[i] = '1';
    }
    key += static_cast<char>('0' + static_cast<int>(permission_class));
    std::shared_ptr<const std::vector<uint32_t>>& base = cache_[key];
    if (!base) {
      std::vector<uint32_t> users;
      for (size_t i = 0; i < profiles.size(); ++i) {
        if (key[i] != '1') continue;
        users.insert(users.end(), profiles[i].users.begin(), profiles[i].users.end());
      }
      std::sort(users.begin(), users.end());
      base = std::make_shared<const std::vector<uint32_t>>(std::move(users));
    }
    std::optional<uint32_t> add, remove;
    if (owner) {
      const bool in_base = key[matrix_.ProfileOf(*owner)] == '1';
      if (owner_holds && !in_base) add = owner;
      if (!owner_holds && in_base) remove = owner;
    }
    return StepUsers(&matrix_.workspace(), base, add, remove);
  }

 private:
  const AccessMatrix& matrix_;
  std::map<std::string, std::shared_ptr<const std::vector<uint32_t>>> cache_;
};

class AppPlanner {
 public:
  AppPlanner(const AccessMatrix& matrix, HolderCache& holders, uint32_t app, const App* current,
             Diagnostics& diags)
      : holder_cache_(holders),
        ws_(matrix.workspace()),
        matrix_rules_(matrix.rules()),
        app_index_(app),
        app_(ws_.apps[app]),
        current_(current),
        diags_(diags),
        missing_(ws_.environments.size()) {}

  void Run(std::vector<PlanStep>& out);

 private:
  struct Pending {
    PlanStep step;
    int start;  // the version's environment before the plan (P8: furthest along first)
  };

  const std::string& EnvName(int env) const { return ws_.environments[env].name; }
  const std::string& First() const { return EnvName(0); }
  int Last() const { return static_cast<int>(ws_.environments.size()) - 1; }
  std::string RulesNote(bool drafts) const;
  void RelateRules(Diagnostic& d) const;

  const StepUsers& HoldersOf(PermissionClass permission_class);
  const std::vector<std::string>& Missing(int env);
  void Add(StepKind kind, const std::string& version, const Ref& at, int from, int to, int start,
           const std::string& replaces = {});
  void Renames(const std::vector<const Ver*>& removed, const std::vector<const Ver*>& added,
               std::vector<bool>& removed_used, std::vector<bool>& added_used);
  void Matched(const Ver& cur, const Ver& des, const Ver* desired_released,
               const Ver* current_released);
  void Created(const Ver& des, const Ver* current_released);
  void Deleted(const Ver& cur);
  void CannotPromote(const Ver& cur, const Ver& des);
  bool InCurrent(const std::string& version) const;

  HolderCache& holder_cache_;
  const Workspace& ws_;
  const AccessRules matrix_rules_;
  uint32_t app_index_;
  const App& app_;
  const App* current_;
  Diagnostics& diags_;
  std::vector<Pending> pending_;
  // By permission class, fetched when first needed.
  std::optional<StepUsers> holders_[kPermissionClassCount];
  std::vector<std::optional<std::vector<std::string>>> missing_;
  std::set<std::pair<std::string, PermissionClass>> p6_reported_;  // (version, class)
};

const StepUsers& AppPlanner::HoldersOf(PermissionClass permission_class) {
  std::optional<StepUsers>& slot = holders_[static_cast<size_t>(permission_class)];
  if (!slot) slot = holder_cache_.Get(app_index_, permission_class);
  return *slot;
}

// P5: what environment `env` lacks for the app: data sources it uses, values
// of constants it uses and of constants those data sources' options reference
// there. Unknown names (reported by checks) are ignored. Never reads values.
const std::vector<std::string>& AppPlanner::Missing(int env) {
  auto& slot = missing_[env];
  if (slot) return *slot;
  slot.emplace();
  const std::string& name = EnvName(env);
  std::set<const Constant*> seen;  // a global and a secret may share a name
  // No value there: left out, "" (ToolJet's '') or null; `values` missing too.
  auto lacks_value = [&](const Constant& c) { return !c.HasValue(name); };
  for (const Ref& ref : app_.constants) {
    const Constant* c = ws_.ResolveConstant(ref.name, ConstantType::kGlobal);
    if (c == nullptr || !seen.insert(c).second || !lacks_value(*c)) continue;
    slot->push_back("a value for constant " + Quote(c->name));
  }
  std::vector<std::string> data_sources, via;
  for (const Ref& ref : app_.data_sources) {
    const DataSource* ds = ws_.FindDataSource(ref.name);
    if (ds == nullptr || !ds->has_environments) continue;
    const DataSourceEnvironment* de = ds->FindEnvironment(name);
    if (de == nullptr) {
      data_sources.push_back("data source " + Quote(ds->name));
      continue;
    }
    for (const DataSourceOption& option : de->options) {
      if (option.withheld) continue;
      ForEachOptionText(option, [&](std::string_view text, Location, uint32_t) {
        for (const TemplateRef& t : FindTemplates(text)) {
          if (t.kind == TemplateKind::kInvalid) continue;
          const Constant* c = ws_.ResolveConstant(t.name, ConstantTypeOf(t.kind));
          if (c == nullptr || !seen.insert(c).second || !lacks_value(*c)) continue;
          bool secret = c->type == ConstantType::kSecret;
          via.push_back(std::string("a value for ") + (secret ? "secret " : "constant ") +
                        Quote(c->name) + " (used by data source " + Quote(ds->name) + ")");
        }
      });
    }
  }
  slot->insert(slot->begin(), data_sources.begin(), data_sources.end());
  slot->insert(slot->end(), via.begin(), via.end());
  return *slot;
}

std::string AppPlanner::RulesNote(bool drafts) const {
  std::string out = "versionRules " + Quote(VersionRulesName(ws_.version_rules)) + " allows ";
  if (drafts && ws_.version_rules == VersionRules::kDefault) {
    return out + "renaming only drafts in " + Quote(First());
  }
  return out + (drafts ? "renaming" : "deleting versions") + " only in " + Quote(First());
}

void AppPlanner::RelateRules(Diagnostic& d) const {
  if (ws_.version_rules_location.valid()) {
    d.Related(ws_.version_rules_location, "versionRules set here");
  }
}

void AppPlanner::Add(StepKind kind, const std::string& version, const Ref& at, int from, int to,
                     int start, const std::string& replaces) {
  PlanStep s;
  s.kind = kind;
  s.app = app_.name;
  s.version = version;
  if (from >= 0) s.from = EnvName(from);
  if (to >= 0) s.to = EnvName(to);
  s.replaces = replaces;
  s.permission = PermissionFor(kind, matrix_rules_);
  s.location = at.location;
  const std::string what = "version " + Quote(version) + " of app " + Quote(app_.name);
  const PermissionClass permission_class = PermissionClassOf(kind);
  s.holders = HoldersOf(permission_class);
  if (s.holders.empty()) {
    s.blocked = true;
    if (p6_reported_.insert({version, permission_class}).second) {
      std::string action = std::string(StepKindName(kind)) + " " + what;
      if (kind == StepKind::kPromote) {
        action += " to " + Quote(s.to);
      } else if (kind == StepKind::kDelete) {
        action += " from " + Quote(s.from);
      } else {
        action += " in " + Quote(s.to);
      }
      std::string fix =
          s.permission.workspace
              ? (s.permission.level == Level::kNone
                     ? "grant " + std::string(WorkspacePermissionName(*s.permission.workspace)) +
                           " to a group of enabled builders"
                     : "grant both to a group of enabled builders")
                                               : "grant edit on " + Quote(app_.name) +
                                                     " to a group of enabled builders";
      diags_
          .Error(Code::kStepWithoutActor, at.location,
                 "nobody may " + action + ": it needs " +
                     DescribePermission(s.permission, app_.name) + " (" +
                     std::string(s.permission.rule) + "); " + fix)
          .Underline(at.width);
    }
  }
  if (kind == StepKind::kCreate || kind == StepKind::kPromote) {
    s.missing = Missing(to);
    if (!s.missing.empty()) {
      s.blocked = true;
      std::string action = kind == StepKind::kCreate ? "creating " + what + " in " + Quote(s.to)
                                                     : "promoting " + what + " to " + Quote(s.to);
      diags_
          .Error(Code::kStepBlocked, at.location,
                 action + " is blocked: " + Quote(s.to) + " lacks " + JoinAnd(s.missing) +
                     "; configure " + std::string(PluralWord(s.missing.size(), "it", "them")) + " for " +
                     Quote(s.to) + " first")
          .Underline(at.width);
    }
  }
  pending_.push_back({std::move(s), start});
}

// A version that disappears from environment E > 0 while another appears in
// E (same app) is a rename there, which neither versionRules allows (P7).
void AppPlanner::Renames(const std::vector<const Ver*>& removed,
                         const std::vector<const Ver*>& added, std::vector<bool>& removed_used,
                         std::vector<bool>& added_used) {
  for (int env = 1; env <= Last(); ++env) {
    size_t a = 0;
    for (size_t r = 0; r < removed.size(); ++r) {
      if (removed[r]->env != env) continue;
      while (a < added.size() && added[a]->env != env) ++a;
      if (a == added.size()) break;
      removed_used[r] = true;
      added_used[a] = true;
      const Ver& old = *removed[r];
      const Ver& now = *added[a];
      ++a;
      Diagnostic& d =
          diags_
              .Error(Code::kForbiddenVersionAction, now.v->name.location,
                     "version " + Quote(old.name()) + " of app " + Quote(app_.name) +
                         " is renamed to " + Quote(now.name()) + " in " + Quote(EnvName(env)) +
                         ", but " + RulesNote(/*drafts=*/true) + "; keep the name " + Quote(old.name()) +
                         ", or create a new version in " + Quote(First()) + " and promote it")
              .Underline(now.v->name.width);
      RelateRules(d);
    }
  }
}

void AppPlanner::Matched(const Ver& cur, const Ver& des, const Ver* desired_released,
                         const Ver* current_released) {
  const std::string what = "version " + Quote(des.name()) + " of app " + Quote(app_.name);
  const std::string never = "; versions never move back: create a new version in " +
                            Quote(First()) +
                            (ws_.multi_environment ? " and promote it" : " and release it");
  if (des.env < cur.env) {
    diags_
        .Error(Code::kVersionMovesBack, des.v->environment.location,
               what + " moves back from " + Quote(EnvName(cur.env)) + " to " +
                   Quote(EnvName(des.env)) + never)
        .Underline(des.v->environment.width);
    return;
  }
  if (StatusRank(des.status) < StatusRank(cur.status)) {
    if (cur.status == VersionStatus::kReleased && des.status == VersionStatus::kPublished) {
      if (desired_released != nullptr) return;  // P4: replaced by the new release
      diags_
          .Error(Code::kForbiddenVersionAction, des.v->status_location,
                 "released " + what +
                     " becomes published while no other version is released; a released "
                     "version cannot be changed: release another version" +
                     (ws_.multi_environment ? " in " + Quote(EnvName(Last())) : std::string()) +
                     " to replace it, or keep " + Quote(des.name()) + " released")
          .Underline(des.v->status_width);
      return;
    }
    diags_
        .Error(Code::kVersionMovesBack, des.v->status_location,
               what + " goes back from " + std::string(VersionStatusName(cur.status)) + " to " +
                   std::string(VersionStatusName(des.status)) + never)
        .Underline(des.v->status_width);
    return;
  }
  const bool moves = des.env > cur.env;
  if (moves && !ws_.multi_environment) {
    CannotPromote(cur, des);
    return;
  }
  if (cur.status == VersionStatus::kDraft && (moves || des.status != VersionStatus::kDraft)) {
    Add(StepKind::kPublish, des.name(), des.v->name, cur.env, cur.env, cur.env);  // P3
  }
  for (int e = cur.env; e < des.env; ++e) {
    Add(StepKind::kPromote, des.name(), des.v->name, e, e + 1, cur.env);  // P2
  }
  if (des.status == VersionStatus::kReleased && cur.status != VersionStatus::kReleased) {
    std::string replaces;
    if (current_released != nullptr && current_released->name() != des.name()) {
      replaces = current_released->name();
    }
    Add(StepKind::kRelease, des.name(), des.v->name, des.env, des.env, cur.env, replaces);  // P4
  }
}

// Without the multi-environment licence (multiEnvironment: false) ToolJet
// moves no version between environments: a desired state that needs it is
// impossible, and no step of it is planned.
void AppPlanner::CannotPromote(const Ver& cur, const Ver& des) {
  Diagnostic& d =
      diags_
          .Error(Code::kForbiddenVersionAction, des.v->environment.location,
                 "version " + Quote(des.name()) + " of app " + Quote(app_.name) +
                     " would move from " + Quote(EnvName(cur.env)) + " to " +
                     Quote(EnvName(des.env)) +
                     ", but the workspace does not promote (multiEnvironment: false): ToolJet "
                     "moves versions between environments only with its multi-environment "
                     "licence; keep the version in " +
                     Quote(EnvName(cur.env)) +
                     " and release it from there, or set multiEnvironment: true once the "
                     "workspace has the licence")
          .Underline(des.v->environment.width);
  if (ws_.multi_environment_location.valid()) {
    d.Related(ws_.multi_environment_location, "multiEnvironment set here");
  }
}

// P1: a new version starts as a draft in the first environment.
void AppPlanner::Created(const Ver& des, const Ver* current_released) {
  Add(StepKind::kCreate, des.name(), des.v->name, -1, 0, 0);
  Ver start{des.v, 0, VersionStatus::kDraft};
  Matched(start, des, nullptr, current_released);
}

void AppPlanner::Deleted(const Ver& cur) {
  Ref at{app_.name, app_.location, app_.width};
  Add(StepKind::kDelete, cur.name(), at, cur.env, -1, cur.env);
  if (ws_.version_rules == VersionRules::kStrict && cur.env > 0) {
    Diagnostic& d =
        diags_
            .Error(Code::kForbiddenVersionAction, app_.location,
                   "version " + Quote(cur.name()) + " of app " + Quote(app_.name) +
                       " is deleted from " + Quote(EnvName(cur.env)) + ", but " + RulesNote(/*drafts=*/false) +
                       "; keep " + Quote(cur.name()) + " in the configuration")
            .Underline(app_.width);
    RelateRules(d);
  }
}

// Whether the current app has a version of this name at all (one left out of
// UsableVersions, e.g. in an environment the desired workspace dropped, is
// not new).
bool AppPlanner::InCurrent(const std::string& version) const {
  if (current_ == nullptr) return false;
  for (const AppVersion& v : current_->versions) {
    if (v.name.name == version) return true;
  }
  return false;
}

void AppPlanner::Run(std::vector<PlanStep>& out) {
  const std::vector<Ver> des = UsableVersions(app_, ws_);
  const std::vector<Ver> cur =
      current_ != nullptr ? UsableVersions(*current_, ws_) : std::vector<Ver>{};
  auto released = [](const std::vector<Ver>& vs) -> const Ver* {
    for (const Ver& v : vs) {
      if (v.status == VersionStatus::kReleased) return &v;
    }
    return nullptr;
  };
  const Ver* desired_released = released(des);
  const Ver* current_released = released(cur);

  std::vector<std::pair<const Ver*, const Ver*>> matched;
  std::vector<const Ver*> removed, added;
  size_t i = 0, j = 0;
  while (i < cur.size() || j < des.size()) {
    if (j == des.size() || (i < cur.size() && cur[i].name() < des[j].name())) {
      removed.push_back(&cur[i++]);
    } else if (i == cur.size() || des[j].name() < cur[i].name()) {
      added.push_back(&des[j++]);
    } else {
      matched.emplace_back(&cur[i++], &des[j++]);
    }
  }
  std::vector<bool> removed_used(removed.size()), added_used(added.size());
  Renames(removed, added, removed_used, added_used);
  for (const auto& [c, d] : matched) Matched(*c, *d, desired_released, current_released);
  for (size_t a = 0; a < added.size(); ++a) {
    if (!added_used[a] && !InCurrent(added[a]->name())) Created(*added[a], current_released);
  }
  for (size_t r = 0; r < removed.size(); ++r) {
    if (!removed_used[r]) Deleted(*removed[r]);
  }

  // P8: kinds in order, the version furthest along first, then by name; a
  // version's promotions keep their pipeline order (stable sort).
  std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
    if (a.step.kind != b.step.kind) return a.step.kind < b.step.kind;
    if (a.start != b.start) return a.start > b.start;
    return a.step.version < b.step.version;
  });
  for (Pending& p : pending_) out.push_back(std::move(p.step));
}

}  // namespace

Plan ComputePlan(const Workspace* current, const AccessMatrix& desired, Diagnostics& diags) {
  Plan plan;
  const size_t errors_before = diags.error_count();
  const Workspace& ws = desired.workspace();
  if (!ws.environments.empty()) {
    HolderCache holders(desired);
    for (uint32_t a = 0; a < ws.apps.size(); ++a) {
      const App* cur = current != nullptr ? current->FindApp(ws.apps[a].name) : nullptr;
      AppPlanner(desired, holders, a, cur, diags).Run(plan.steps);
    }
  }
  for (const PlanStep& s : plan.steps) {
    ++plan.summary.counts[static_cast<size_t>(s.kind)];
    if (s.blocked) ++plan.summary.blocked;
  }
  plan.summary.errors = diags.error_count() - errors_before;
  return plan;
}

}  // namespace stagegate
