// RunChecks and the shared check context: name lists for suggestions and the
// unknown-reference report every family uses.
#include "checks/checks.h"

#include <fmt/format.h>

#include "checks/check_context.h"
#include "source/suggest.h"

namespace stagegate {
namespace checks_internal {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualFolded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// E-mail addresses share their domain, which makes any two look alike to a
// plain edit distance ("quin@nexora.io" is 4 edits from "ada@nexora.io").
// Compare the local parts of addresses in the same domain, or else the
// domains of addresses with the same local part.
std::string SuggestEmail(std::string_view name, const std::vector<std::string_view>& emails) {
  size_t at = name.rfind('@');
  if (at == std::string_view::npos) return Suggest(name, emails);
  std::string_view local = name.substr(0, at), domain = name.substr(at + 1);
  // Parts of the candidates, and the candidate each part came from.
  std::vector<std::string_view> locals, local_of, domains, domain_of;
  for (std::string_view e : emails) {
    size_t a = e.rfind('@');
    if (a == std::string_view::npos) continue;
    if (EqualFolded(e.substr(a + 1), domain)) {
      locals.push_back(e.substr(0, a));
      local_of.push_back(e);
    }
    if (EqualFolded(e.substr(0, a), local)) {
      domains.push_back(e.substr(a + 1));
      domain_of.push_back(e);
    }
  }
  auto pick = [](std::string_view part, const std::vector<std::string_view>& parts,
                 const std::vector<std::string_view>& of) {
    std::string best = Suggest(part, parts);
    for (size_t i = 0; i < parts.size() && !best.empty(); ++i) {
      if (parts[i] == best) return std::string(of[i]);
    }
    return std::string();
  };
  std::string best = pick(local, locals, local_of);
  return best.empty() ? pick(domain, domains, domain_of) : best;
}

}  // namespace

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
  diags
      .Error(Code::kUnknownReference, ref.location,
             fmt::format("unknown {} '{}' {} {}{}", what, ref.name, relation, where,
                         DidYouMean(names, ref.name)))
      .Underline(ref.width);
}

std::string QuotedList(const std::vector<std::string_view>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += fmt::format("'{}'", names[i]);
  }
  return out;
}

}  // namespace checks_internal

void RunChecks(const Workspace& ws, Diagnostics& diags) {
  checks_internal::Context ctx(ws, diags);
  checks_internal::CheckReferences(ctx);
  checks_internal::CheckDataSources(ctx);
  checks_internal::CheckConstants(ctx);
  checks_internal::CheckVersions(ctx);
  checks_internal::CheckEndUserEdit(ctx);
  checks_internal::CheckAssertions(ctx);
}

}  // namespace stagegate
