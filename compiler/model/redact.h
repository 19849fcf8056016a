// Hides secret values from every code frame. RedactSecrets runs right after
// loading, on the raw trees and before schema validation, so whatever stage
// later reports a finding on a line holding a secret, the printer shows
// "********" instead of the value (SourceSet::Redact).
#ifndef STAGEGATE_MODEL_REDACT_H_
#define STAGEGATE_MODEL_REDACT_H_

#include "yaml/loader.h"

namespace stagegate {

// Marks as secret, in config.sources:
//  - every scalar under `values` of a constant whose `type` is not exactly
//    `global` (a secret, or one whose type is missing or mistyped), except
//    the VAR of `{fromEnv: VAR}`;
//  - the value of every data source option with a credential-like key
//    (IsCredentialKey) that is not exactly one `{{secrets.NAME}}`, and every
//    scalar below such a key when its value is a collection;
//  - the password of a URL with credentials (`scheme://user:password@host`)
//    in any data source option.
// Values spanning several lines are masked on every line. Conservative on
// purpose: shapes the schema will reject are still redacted.
void RedactSecrets(LoadedConfig& config);

}  // namespace stagegate

#endif  // STAGEGATE_MODEL_REDACT_H_
