# Writes INPUT as a C++ byte array: the embedded copy of the JSON Schema.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT}.tmp
"// Generated from schema/stagegate.schema.json by cmake/embed.cmake. Do not edit.
#include <string_view>
namespace stagegate {
namespace {
const char kBytes[] = {${bytes} 0};
}  // namespace
std::string_view EmbeddedSchema() { return std::string_view(kBytes, ${size}); }
}  // namespace stagegate
")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
