// Internal to the model stage: one function per entity, reading a definition
// (its key and value nodes) into the typed struct. They report nothing:
// anything with the wrong shape was reported by schema validation and is
// skipped here. builder.cc merges and de-duplicates the results.
#ifndef STAGEGATE_MODEL_PARSE_ENTITIES_H_
#define STAGEGATE_MODEL_PARSE_ENTITIES_H_

#include "model/workspace.h"
#include "yaml/tree.h"

namespace stagegate {
namespace model_internal {

// The node's text, location and width.
Ref MakeRef(Node node);
// True for a string scalar (the only kind a name may have).
bool IsName(Node node);

User ParseUser(Node key, Node value);
Group ParseGroup(Node key, Node value);
// A configured role; `key` is "builder" or "end-user".
Role ParseConfiguredRole(UserRole role, Node key, Node value);
DataSource ParseDataSource(Node key, Node value);
Constant ParseConstant(Node key, Node value);
App ParseApp(Node key, Node value);
Assertion ParseAssertion(Node item);

}  // namespace model_internal
}  // namespace stagegate

#endif  // STAGEGATE_MODEL_PARSE_ENTITIES_H_
