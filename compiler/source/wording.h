// Small pieces of wording every output shares.
#ifndef STAGEGATE_SOURCE_WORDING_H_
#define STAGEGATE_SOURCE_WORDING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stagegate {

// "1 user", "3 users": `n` and the noun in the number it needs.
std::string Plural(size_t n, std::string_view one, std::string_view many);

// 1000000 -> "1,000,000".
std::string Thousands(uint64_t n);

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_WORDING_H_
