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

// A measured size: "1.5 GiB", "100.0 MiB", "12.5 KiB", "300 B".
std::string FormatSize(uint64_t bytes);

// A limit, exact: "64 MiB", "256 KiB", "1 GiB", "100 B".
std::string FormatLimit(uint64_t bytes);

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_WORDING_H_
