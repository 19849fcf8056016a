// Edit distance and the "did you mean" suggestion.
#include "source/suggest.h"
#include "source/wording.h"

#include <algorithm>

#include <fmt/format.h>

namespace stagegate {

size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over three rolling rows.
  const size_t n = a.size(), m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = LowerAscii(a[i - 1]) == LowerAscii(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && LowerAscii(a[i - 1]) == LowerAscii(b[j - 2]) &&
          LowerAscii(a[i - 2]) == LowerAscii(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

namespace {

// Whether `name` reads as a short form of `candidate`: its letters, in
// order, with the same first letter ("prod", "prd" for "production", "dev"
// for "development", "stg" for "staging"), or all of it but the last letter
// starting the candidate ("stage" for "staging"). Case-insensitive, at least
// three letters.
bool Abbreviates(std::string_view name, std::string_view candidate) {
  if (name.size() < 3 || name.size() >= candidate.size()) return false;
  if (LowerAscii(name[0]) != LowerAscii(candidate[0])) return false;
  size_t prefix = 0;
  while (prefix < name.size() && LowerAscii(name[prefix]) == LowerAscii(candidate[prefix])) {
    ++prefix;
  }
  if (prefix + 1 >= name.size()) return true;
  size_t at = 0;
  for (char c : name) {
    while (at < candidate.size() && LowerAscii(candidate[at]) != LowerAscii(c)) ++at;
    if (at == candidate.size()) return false;
    ++at;
  }
  return true;
}

// The one candidate `name` abbreviates; empty when none or several do.
std::string_view AbbreviationOf(std::string_view name,
                                const std::vector<std::string_view>& candidates) {
  std::string_view found;
  for (std::string_view c : candidates) {
    if (!Abbreviates(name, c)) continue;
    if (!found.empty()) return {};
    found = c;
  }
  return found;
}

}  // namespace

std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  // Long inputs (a pasted blob in a name field) cannot be typos of a name;
  // skipping them also keeps the quadratic distance bounded.
  if (name.empty() || name.size() > 256) return {};
  const size_t limit = std::max<size_t>(1, name.size() / 3);
  std::string_view best;
  size_t best_distance = limit + 1;
  for (std::string_view c : candidates) {
    if (c == name || c.size() > name.size() + limit || name.size() > c.size() + limit) continue;
    size_t d = EditDistance(name, c);
    if (d < best_distance || (d == best_distance && c < best)) {
      best = c;
      best_distance = d;
    }
  }
  if (best_distance <= limit) return std::string(best);
  return std::string(AbbreviationOf(name, candidates));
}

namespace {

bool EqualFolded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// The candidate (from `of`) whose part is closest to `part`.
std::string PickByPart(std::string_view part, const std::vector<std::string_view>& parts,
                       const std::vector<std::string_view>& of) {
  std::string best = Suggest(part, parts);
  for (size_t i = 0; i < parts.size() && !best.empty(); ++i) {
    if (parts[i] == best) return std::string(of[i]);
  }
  return std::string();
}

}  // namespace

std::string SuggestEmail(std::string_view email, const std::vector<std::string_view>& emails) {
  size_t at = email.rfind('@');
  if (at == std::string_view::npos) return Suggest(email, emails);
  std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  // Parts of the candidates, and the candidate each part came from.
  std::vector<std::string_view> locals, firsts, local_of, domains, domain_of;
  for (std::string_view e : emails) {
    size_t a = e.rfind('@');
    if (a == std::string_view::npos) continue;
    if (EqualFolded(e.substr(a + 1), domain)) {
      locals.push_back(e.substr(0, a));
      firsts.push_back(e.substr(0, std::min(a, e.find_first_of("._-+"))));
      local_of.push_back(e);
    }
    if (EqualFolded(e.substr(0, a), local)) {
      domains.push_back(e.substr(a + 1));
      domain_of.push_back(e);
    }
  }
  std::string best = PickByPart(local, locals, local_of);
  if (best.empty()) best = PickByPart(local, firsts, local_of);
  return best.empty() ? PickByPart(domain, domains, domain_of) : best;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string s = Suggest(name, candidates);
  return s.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", s);
}

}  // namespace stagegate
