// Builder, the groups and what they grant: per area a lead group, then
// developer, QA, analyst and audience groups in fixed shares of --groups.
// Each kind grants only what its track may combine without a warning
// (generate_build.h): edit for leads, developers and QA, view for analysts,
// the released column of released apps for audiences.
#include <fmt/format.h>

#include <algorithm>

#include "generate_build.h"

namespace stagegate::bench {
namespace {

// The environments a grant of `kind` covers; `has_envs` false means the grant
// leaves them out, which opens every column the role allows.
uint8_t PickColumns(Rng& rng, Kind kind, bool& has_envs) {
  has_envs = true;
  switch (kind) {
    case Kind::kDevelopers:
      switch (rng.Weighted(std::array<uint32_t, 3>{45, 30, 25})) {
        case 0:
          return kColDev;
        case 1:
          return kColDev | kColStaging;
        default:
          has_envs = false;
          return kColAll;
      }
    case Kind::kQa:
      return rng.Chance(0.7) ? kColStaging : kColStaging | kColProd;
    case Kind::kAnalysts:
      switch (rng.Weighted(std::array<uint32_t, 4>{35, 30, 15, 20})) {
        case 0:
          return kColProd;
        case 1:
          return kColStaging | kColProd;
        case 2:
          return kColDev | kColStaging;
        default:
          has_envs = false;
          return kColAll;
      }
    default:
      return kColReleased;
  }
}

// Most developer groups only build; some also run workflows or add sources.
uint16_t DeveloperPerms(Rng& rng) {
  switch (rng.Weighted(std::array<uint32_t, 3>{70, 20, 10})) {
    case 1:
      return kWorkflowCreate | kWorkflowDelete;
    case 2:
      return kDataSourceCreate;
    default:
      return 0;
  }
}

// The area's data sources, or "*" for an area that has none of its own.
SourceGrant AreaSources(const Area& area, bool configure) {
  if (area.sources.empty()) return SourceGrant{true, {}, false};
  return SourceGrant{false, area.sources, configure};
}

}  // namespace

uint32_t Builder::AddGroup(Kind kind, uint32_t area, std::string name, std::string description) {
  Group g;
  g.kind = kind;
  g.area = area;
  g.name = std::move(name);
  g.description = std::move(description);
  o_.groups.push_back(std::move(g));
  const uint32_t id = static_cast<uint32_t>(o_.groups.size() - 1);
  o_.by_kind[static_cast<int>(kind)].push_back(id);
  o_.by_kind_area[static_cast<int>(kind)][area].push_back(id);
  return id;
}

// <area>-<suffix>, numbered from the second group of that name on.
std::string Builder::GroupName(uint32_t area, std::string_view suffix) {
  const std::string base = fmt::format("{}-{}", o_.areas[area].name, suffix);
  const uint32_t k = ++name_count_[base];
  return k == 1 ? base : fmt::format("{}-{}", base, k);
}

std::vector<uint32_t> Builder::ReleasedApps(const std::vector<uint32_t>& apps) const {
  std::vector<uint32_t> out;
  for (uint32_t a : apps) {
    if (o_.Released(a)) out.push_back(a);
  }
  return out;
}

// Another area than `area`, chosen at random (there must be two or more).
const Area& Builder::Neighbour(Rng& rng, uint32_t area) const {
  const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
  return o_.areas[(area + 1 + rng.Below(areas - 1)) % areas];
}

// Fixed shares of --groups for QA, analysts and audiences (and one lead group
// per area), shrunk when --groups is small so that one developer group
// remains; developers take the rest.
Builder::GroupCounts Builder::CountGroups() const {
  const uint32_t g = n_.groups;
  GroupCounts c;
  c.qa = std::max<uint32_t>(1, (g * 8 + 50) / 100);
  c.analysts = std::max<uint32_t>(1, (g * 8 + 50) / 100);
  c.audience = std::max<uint32_t>(1, (g * 30 + 50) / 100);
  uint32_t fixed = lead_groups_ + c.qa + c.analysts;
  while (fixed + c.audience + 1 > g && c.audience > 1) --c.audience;
  while (fixed + c.audience + 1 > g && c.analysts > 1) --c.analysts, --fixed;
  while (fixed + c.audience + 1 > g && c.qa > 1) --c.qa, --fixed;
  c.developers = g - fixed - c.audience;
  return c;
}

// Groups of each kind go to the areas in turn; a few developer and audience
// groups span the workspace instead.
void Builder::MakeGroups() {
  const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
  for (auto& v : o_.by_kind_area) v.assign(areas, {});
  const GroupCounts count = CountGroups();
  Rng rng(seed_, kSGroups);
  MakeLeadGroups(rng);
  for (uint32_t i = 0; i < count.developers; ++i) {
    MakeDeveloperGroup(rng, i % areas, count.developers >= 10 && i % 25 == 7);
  }
  for (uint32_t i = 0; i < count.qa; ++i) MakeQaGroup(rng, i % areas);
  for (uint32_t i = 0; i < count.analysts; ++i) MakeAnalystGroup(rng, i % areas);
  std::vector<uint32_t> all_apps(o_.apps.size());
  for (uint32_t i = 0; i < all_apps.size(); ++i) all_apps[i] = i;
  const std::vector<uint32_t> all_released = ReleasedApps(all_apps);
  for (uint32_t i = 0; i < count.audience; ++i) {
    MakeAudienceGroup(rng, i % areas, count.audience >= 5 && i % 12 == 3, all_released);
  }
}

// Leads: edit on every app of their area, everywhere; promote and release.
void Builder::MakeLeadGroups(Rng& rng) {
  const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
  if (lead_groups_ > areas) {
    uint32_t id = AddGroup(Kind::kReleaseManagers, 0, "release-managers",
                           "Promote and release any app across the workspace");
    Group& grp = o_.groups[id];
    grp.perms = kAppPromote | kAppRelease;
    grp.apps.push_back(AppGrant{true, {}, true, false, kColAll, false});
    grp.sources.push_back(SourceGrant{true, {}, false});
  }
  for (uint32_t a = 0; a < areas; ++a) {
    uint32_t id =
        AddGroup(Kind::kLeads, a, GroupName(a, "leads"),
                 fmt::format("Review, promote and release the {} apps", o_.areas[a].name));
    o_.areas[a].lead_group = id;
    Group& grp = o_.groups[id];
    grp.perms = kAppDelete | kAppPromote | kAppRelease;
    if (rng.Chance(0.3)) grp.perms |= kDataSourceCreate | kOrgConstantCrud;
    grp.apps.push_back(AppGrant{false, o_.areas[a].apps, true, false, kColAll, false});
    grp.sources.push_back(AreaSources(o_.areas[a], true));
  }
}

// Developers: edit on a subset of their area's apps, in varying environments;
// `everything`: a platform group, edit on every app in development only.
void Builder::MakeDeveloperGroup(Rng& rng, uint32_t a, bool everything) {
  const Area& area = o_.areas[a];
  uint32_t id = AddGroup(
      Kind::kDevelopers, a, GroupName(a, everything ? "platform-developers" : "developers"),
      everything ? std::string("Maintain shared components of every app in development")
                 : fmt::format("Build and change {} apps", area.name));
  Group& grp = o_.groups[id];
  AppGrant main;
  main.edit = true;
  if (everything) {
    main.all = true;
    main.has_envs = true;
    main.columns = kColDev;
  } else {
    main.apps = SampleSkewed(rng, area.apps, 3, 100);
    main.columns = PickColumns(rng, Kind::kDevelopers, main.has_envs);
  }
  if (warn_heavy_ && !everything) LeaveOutDevelopment(rng, main);
  grp.apps.push_back(std::move(main));
  if (!everything) AddMoreDeveloperGrants(rng, grp);
  grp.perms = DeveloperPerms(rng);
  if (warn_heavy_ && rng.Chance(0.7)) grp.perms |= kAppPromote | kAppRelease;
  grp.sources.push_back(everything ? SourceGrant{true, {}, false} : AreaSources(area, false));
}

// More of the area's apps, each set in its own environments (edit only:
// several edit grants never combine into more than their union).
void Builder::AddMoreDeveloperGrants(Rng& rng, Group& grp) {
  const Area& area = o_.areas[grp.area];
  const uint32_t extra = rng.Weighted(std::array<uint32_t, 3>{45, 35, 20});
  for (uint32_t k = 0; k < extra; ++k) {
    AppGrant more;
    more.edit = true;
    more.apps = SampleSkewed(rng, area.apps, 1, 40);
    more.columns = PickColumns(rng, Kind::kDevelopers, more.has_envs);
    if (warn_heavy_) LeaveOutDevelopment(rng, more);
    grp.apps.push_back(std::move(more));
  }
  if (o_.areas.size() > 1 && rng.Chance(0.2)) {
    // Shared apps of a neighbouring area, edited but kept off the dashboard.
    const Area& other = Neighbour(rng, grp.area);
    grp.apps.push_back(
        AppGrant{false, Sample(rng, other.apps, rng.Skewed(1, 5)), true, true, kColDev, true});
  }
}

// warnheavy: four in five developer grants edit in [staging] or [staging,
// production] instead, which ToolJet's server widens to development (S1),
// and one in twenty names no environment, which the server reads as its
// defaults (S2).
void Builder::LeaveOutDevelopment(Rng& rng, AppGrant& grant) {
  if (!rng.Chance(0.8)) return;
  grant.has_envs = true;
  grant.columns = rng.Chance(0.1) ? 0 : rng.Chance(0.5) ? kColStaging : kColStaging | kColProd;
}

// QA: edit in staging (run queries there), some in production as well.
void Builder::MakeQaGroup(Rng& rng, uint32_t a) {
  uint32_t id = AddGroup(
      Kind::kQa, a, GroupName(a, "qa"),
      fmt::format("Test {} apps in staging; run queries there, no editing", o_.areas[a].name));
  Group& grp = o_.groups[id];
  AppGrant grant;
  grant.edit = true;
  if (rng.Chance(0.3)) {
    grant.all = true;
  } else {
    std::vector<uint32_t> pool = o_.areas[a].apps;
    if (o_.areas.size() > 1 && rng.Chance(0.4)) {
      const Area& other = Neighbour(rng, a);
      pool.insert(pool.end(), other.apps.begin(), other.apps.end());
    }
    grant.apps = SampleSkewed(rng, pool, 3, 100);
  }
  grant.columns = PickColumns(rng, Kind::kQa, grant.has_envs);
  grp.apps.push_back(std::move(grant));
  grp.sources.push_back(SourceGrant{true, {}, false});
}

// Analysts: builders who look but never edit.
void Builder::MakeAnalystGroup(Rng& rng, uint32_t a) {
  const Area& area = o_.areas[a];
  uint32_t id = AddGroup(Kind::kAnalysts, a, GroupName(a, "analysts"),
                         fmt::format("Look at {} apps and their data without editing", area.name));
  Group& grp = o_.groups[id];
  AppGrant grant;
  if (rng.Chance(0.2)) {
    grant.all = true;
  } else {
    grant.apps = SampleSkewed(rng, area.apps, 2, 100);
  }
  grant.columns = PickColumns(rng, Kind::kAnalysts, grant.has_envs);
  grp.apps.push_back(std::move(grant));
  if (!area.sources.empty() && rng.Chance(0.5)) {
    grp.sources.push_back(SourceGrant{false, area.sources, false});
  }
}

// Audiences: released apps for end-users (and some builders); `everyone`: an
// all-staff group on "*".
void Builder::MakeAudienceGroup(Rng& rng, uint32_t a, bool everyone,
                                const std::vector<uint32_t>& all_released) {
  const Area& area = o_.areas[a];
  uint32_t id = AddGroup(Kind::kAudience, a, GroupName(a, everyone ? "all-staff" : "staff"),
                         everyone ? std::string("Everyone who uses the released self-service apps")
                                  : fmt::format("People who use the released {} apps", area.name));
  Group& grp = o_.groups[id];
  AppGrant grant;
  grant.has_envs = true;
  grant.columns = kColReleased;
  // warnheavy: half the audiences view in production instead, which
  // the server widens to the released app for an end-user (S3).
  if (warn_heavy_ && !everyone && rng.Chance(0.5)) grant.columns = kColProd;
  if (everyone) {
    grant.all = true;
  } else {
    std::vector<uint32_t> pool = ReleasedApps(area.apps);
    if (pool.empty()) pool = all_released;
    grant.apps = SampleSkewed(rng, pool, 1, 100);
  }
  grp.apps.push_back(std::move(grant));
  if (!everyone && rng.Chance(0.1)) {
    // Admin pages of released apps: reachable by link, not on the dashboard.
    AppGrant hidden;
    hidden.has_envs = true;
    hidden.columns = kColReleased;
    hidden.hide = true;
    hidden.apps = Sample(rng, all_released, rng.Skewed(1, 3));
    grp.apps.push_back(std::move(hidden));
  }
}

}  // namespace stagegate::bench
