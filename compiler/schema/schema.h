// The schema stage: every YAML document of the configuration is validated
// against the JSON Schema in schema/stagegate.schema.json (embedded into the
// binary at build time), locally, one document at a time. Cross-document
// rules (version declared once, names defined once, references resolve) are
// the model's and the checks' business.
//
// This stage is the only code that includes valijson. Its generic errors are
// turned into one precise diagnostic per problem, at the offending node:
//   unknown-key    every key the format does not define, at the key, with
//                  "did you mean"
//   missing-key    a required key, at the mapping that lacks it
//   wrong-type     a value of the wrong type (a mapping where a string
//                  belongs, "5432" where an integer belongs, ...)
//   invalid-value  a value or key outside what the format allows: allowed
//                  values (with "did you mean"), name rules, counts, lengths
// Scalars under a constant's `values` or a data source's `environments` may
// be secrets: no message ever quotes them.
#ifndef STAGEGATE_SCHEMA_SCHEMA_H_
#define STAGEGATE_SCHEMA_SCHEMA_H_

#include <memory>
#include <string_view>

#include "source/diagnostic.h"
#include "yaml/loader.h"

namespace stagegate {

// The JSON Schema text (generated from schema/stagegate.schema.json by
// cmake/embed.cmake); `stagegate schema` prints it.
std::string_view EmbeddedSchema();

// Validates every document of every file of `config`, appending diagnostics.
// Empty (null) documents are accepted; any other document must be a mapping
// of sections. Never throws.
void ValidateSchema(const LoadedConfig& config, Diagnostics& diags);

// The same, one file at a time, for Load's `after_parse`: a validator per
// thread, so files are validated in parallel as they are parsed.
std::unique_ptr<FileVisitor> NewSchemaValidator();

}  // namespace stagegate

#endif  // STAGEGATE_SCHEMA_SCHEMA_H_
