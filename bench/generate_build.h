// Builder: turns sizes and a seed into an organisation (generate_model.h).
// The work is split by what is built: areas, apps, versions, data sources and
// constants (generate_build_apps.cc), groups and their grants
// (generate_build_groups.cc), users, memberships and owners
// (generate_build_users.cc). Each step draws from its own random stream, so
// the steps can change independently.
//
// How the data stays free of warnings (docs/diagnostics.md):
//  - every builder belongs to one "track" and joins only groups of that track,
//    plus audience groups whose grants open only the released app. Developer,
//    QA and lead groups grant edit only, analyst groups view only, so no
//    builder combines an edit grant with a view grant in an environment
//    column (combined-grant-escalation);
//  - end-users join audience groups only: view, released column, released
//    apps by name or "*" (end-user-edit, unreleased-app-grant);
//  - every group gets a member, every user at least one group, every data
//    source and constant a user; lead groups edit their area's apps and hold
//    appPromote/appRelease (unused-*, user-without-access,
//    ineffective-permission, app-without-promoter).
#ifndef STAGEGATE_BENCH_GENERATE_BUILD_H_
#define STAGEGATE_BENCH_GENERATE_BUILD_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "generate_model.h"
#include "generate_rng.h"

namespace stagegate::bench {

class Builder {
 public:
  Builder(Org& org, Sizes sizes, uint64_t seed) : o_(org), n_(sizes), seed_(seed) {}
  // The warnheavy preset's shape (bench/README.md): many developer edit
  // grants leave out development and many developer groups hold appPromote
  // and appRelease, and some audience groups give end-users view in
  // production rather than released (server-differs: S1, S2, S3, S4). Off by
  // default.
  Builder& WarningHeavy(bool on) {
    warn_heavy_ = on;
    return *this;
  }

  // The order matters: groups grant the apps and data sources made before
  // them, memberships need the groups, owners the memberships.
  void Build() {
    MakeAreasAndApps();
    MakeVersions();
    MakeSourcesAndConstants();
    LinkApps();
    MakeUsers();
    MakeGroups();
    MakeMemberships();
    MakeOwners();
  }

 private:
  // generate_build_apps.cc
  void MakeAreasAndApps();
  std::vector<uint32_t> AppsPerArea();
  void MakeVersions();
  uint32_t AddConstant(std::string name, bool secret, std::array<std::string, kEnvCount> values);
  void MakeSourcesAndConstants();
  void MakeSharedConstants();
  void MakeSources();
  void AddSourceConstants(DataSource& s);
  void LinkApps();
  void UseEverySource(Rng& rng);
  void UseEveryConstant(Rng& rng);

  // generate_build_users.cc
  void MakeUsers();
  std::vector<Track> ShuffledTracks(Rng& rng) const;
  void MakeTeams(Rng& rng, const std::vector<Track>& tracks);
  void NameUsers();
  void DisableLeavers(Rng& rng);
  int64_t PickGroup(Rng& rng, Kind kind, uint32_t area);
  void Join(uint32_t user, uint32_t group);
  void JoinSome(Rng& rng, uint32_t user, Kind kind, uint32_t count);
  void MakeMemberships();
  void GiveEveryGroupAMember();
  void JoinGroupsOfTrack(Rng& rng, uint32_t user);
  void JoinAsLead(Rng& rng, uint32_t user);
  void JoinDepartment(uint32_t user);
  void JoinAudiences(Rng& rng, uint32_t user, double department_chance, double other_chance);
  void MakeOwners();

  // generate_build_groups.cc
  struct GroupCounts {
    uint32_t developers = 0, qa = 0, analysts = 0, audience = 0;
  };
  uint32_t AddGroup(Kind kind, uint32_t area, std::string name, std::string description);
  std::string GroupName(uint32_t area, std::string_view suffix);
  std::vector<uint32_t> ReleasedApps(const std::vector<uint32_t>& apps) const;
  const Area& Neighbour(Rng& rng, uint32_t area) const;
  GroupCounts CountGroups() const;
  void MakeGroups();
  void MakeLeadGroups(Rng& rng);
  void MakeDeveloperGroup(Rng& rng, uint32_t area, bool everything);
  void AddMoreDeveloperGrants(Rng& rng, Group& group);
  void LeaveOutDevelopment(Rng& rng, AppGrant& grant);
  void MakeQaGroup(Rng& rng, uint32_t area);
  void MakeAnalystGroup(Rng& rng, uint32_t area);
  void MakeAudienceGroup(Rng& rng, uint32_t area, bool everyone,
                         const std::vector<uint32_t>& all_released);

  Org& o_;
  Sizes n_;
  uint64_t seed_;
  uint32_t lead_groups_ = 1;
  bool warn_heavy_ = false;
  std::map<std::string, uint32_t> name_count_;
};

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_BUILD_H_
