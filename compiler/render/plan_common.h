// Wording shared by the plan renderers (private to render/): how a change,
// a cause and a step read, so text, Markdown and JSON say the same thing.
#ifndef STAGEGATE_RENDER_PLAN_COMMON_H_
#define STAGEGATE_RENDER_PLAN_COMMON_H_

#include <string>
#include <vector>

#include "render/plan_render.h"

namespace stagegate::plan_render {

// "group 'qa' (examples/nexora/groups.yaml:27:9)", "role 'builder' (built in)",
// "owner of the app", "admin"; several joined with ", ".
std::string DescribeCauses(const Causes& causes, const SourceSet* sources);

// The causes of a change, or "" when it has none recorded.
std::string CausesOf(const Diff& diff, uint32_t index, bool previous, const PlanReport& report);

// R13, what anyone gets on an app changed, after the +/- mark: "anyone on
// payroll in released: none -> use (made public: anyone with the link opens
// it without signing in, R13)", "anyone on portal: made public, not released
// yet (...)". Text and Markdown say it the same way.
std::string PublicChangeText(const PublicChange& change);

// The `public: true` behind such a change: "public: true
// (examples/nexora/apps.yaml:40:5)", or "" where it has no known place.
std::string PublicSource(const Location& at, const SourceSet* sources);
// The same for a plan's public change, on its side: "from public: true
// (...)" on a gain, "was from public: true (...)" on a loss, or "".
std::string PublicChangeSource(const PublicChange& change, const PlanReport& report);

// A field's value for display: "(absent)" when missing; a secret reference
// change reads "changed" (D3).
std::string FieldValue(const FieldChange& field, bool after);

// "+", "-", "~" for added, removed, changed.
const char* ChangeMark(ChangeKind change);

// "user", "group", "data source", ... and the entity's display name
// ("version v3 of payroll").
std::string EntityTitle(const EntityChange& entity);

// "promote v3 staging -> production", "release v3 in production (v2 becomes
// published)", "create v5 in development", ...
std::string StepTitle(const PlanStep& step);

// "appPromote + edit on 'payroll': lee@x.io, maya@x.io" (at most `max_users`
// names, then "and N more").
std::string StepActors(const PlanStep& step, size_t max_users);

}  // namespace stagegate::plan_render

#endif  // STAGEGATE_RENDER_PLAN_COMMON_H_
