// "Did you mean": the closest known name to a misspelt one, by edit distance.
#ifndef STAGEGATE_SOURCE_SUGGEST_H_
#define STAGEGATE_SOURCE_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace stagegate {

// Damerau-Levenshtein distance (adjacent transpositions count once),
// case-insensitive for ASCII.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a plausible
// typo (distance at most max(1, name.size() / 3)), ties broken by the
// smaller candidate; else the one candidate `name` abbreviates ("prod",
// "stage", "dev" for production, staging, development); empty when none is.
// `name` itself never matches.
std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates);

// The closest e-mail address: addresses share their domain, which makes any
// two look alike to a plain edit distance ("quin@nexora.io" is 4 edits from
// "ada@nexora.io"), so this compares the local parts of addresses in the same
// domain (also against the first word of each, so "quin" finds
// "quinn.berg"), or else the domains of addresses with the same local part.
// Empty when nothing is close; falls back to Suggest for a name without '@'.
std::string SuggestEmail(std::string_view email, const std::vector<std::string_view>& emails);

// " (did you mean 'X'?)" when Suggest finds X, else "": for appending to a message.
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_SUGGEST_H_
