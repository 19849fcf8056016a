// RunChecks and the shared check context: name lists for suggestions and the
// unknown-reference report every family uses.
#include "checks/checks.h"

#include <fmt/format.h>

#include "checks/check_context.h"
#include "source/suggest.h"
#include "source/wording.h"

namespace stagegate {
namespace checks_internal {

const std::vector<std::string_view>& Context::List(Names names) {
  size_t i = static_cast<size_t>(names);
  std::vector<std::string_view>& list = lists_[i];
  if (built_[i]) return list;
  built_[i] = true;
  switch (names) {
    case Names::kUsers:
      list.reserve(ws.users.size());
      for (const User& u : ws.users) list.push_back(u.email);
      break;
    case Names::kGroups:
      for (const Group& g : ws.groups) list.push_back(g.name);
      break;
    case Names::kApps:
      list.reserve(ws.apps.size());
      for (const App& a : ws.apps) list.push_back(a.name);
      break;
    case Names::kDataSources:
      for (const DataSource& d : ws.data_sources) list.push_back(d.name);
      break;
    case Names::kConstants:
      for (const Constant& c : ws.constants) list.push_back(c.name);
      break;
    case Names::kColumns:
      list.push_back(kReleasedColumn);
      [[fallthrough]];
    case Names::kEnvironments:
      for (const Ref& e : ws.environments) list.push_back(e.name);
      break;
    case Names::kCount:
      break;
  }
  return list;
}

std::string Context::DidYouMean(Names names, std::string_view name) {
  const std::vector<std::string_view>& list = List(names);
  if (list.size() > 1000) {
    if (large_suggestions_left_ <= 0) return {};
    --large_suggestions_left_;
  }
  if (names != Names::kUsers) return stagegate::DidYouMean(name, list);
  std::string best = SuggestEmail(name, list);
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

void Context::Unknown(const Ref& ref, std::string_view what, std::string_view where, Names names,
                      std::string_view relation) {
  // A list item "*" names an app (or data source) called "*"; "*" instead of
  // the list means every one.
  const bool star = ref.name == "*" && (names == Names::kApps || names == Names::kDataSources);
  std::string hint = star ? fmt::format(" (to mean every {0}, write \"*\" instead of the list, "
                                        "not as an item of it)",
                                        what)
                          : DidYouMean(names, ref.name);
  diags
      .Error(Code::kUnknownReference, ref.location,
             fmt::format("unknown {} {} {} {}{}", what, Quote(ref.name), relation, where,
                         hint))
      .Underline(ref.width);
}

}  // namespace checks_internal

void RunChecks(const Workspace& ws, Diagnostics& diags) {
  checks_internal::Context ctx(ws, diags);
  checks_internal::CheckReferences(ctx);
  checks_internal::CheckDataSources(ctx);
  checks_internal::CheckConstants(ctx);
  checks_internal::CheckVersions(ctx);
  checks_internal::CheckNames(ctx);
  checks_internal::CheckEndUserEdit(ctx);
  checks_internal::CheckAssertions(ctx);
}

}  // namespace stagegate
