#include "source/wording.h"

#include <fmt/format.h>

namespace stagegate {

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace stagegate
