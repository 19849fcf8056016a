// The located document tree: what the loader builds from YAML and every later
// stage reads. It is compact by design (one 24-byte record per node, scalar
// text in one arena, children in one index array) and knows the file, line and
// column of every node. Scalars are typed by the YAML 1.2 core schema at load
// time: plain `5432` is an integer, quoted "5432" a string.
//
// Aliases are not copied: an alias is the anchored node itself, shared, so the
// tree is a DAG whose expansion the loader has bounded (LoadLimits).
#ifndef STAGEGATE_YAML_TREE_H_
#define STAGEGATE_YAML_TREE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/location.h"

namespace stagegate {

enum class NodeKind : uint8_t { kNull, kBool, kInt, kFloat, kString, kSequence, kMapping };

// "null", "boolean", "integer", "number", "string", "list", "mapping": the
// words diagnostics use.
std::string_view NodeKindName(NodeKind kind);

using NodeId = uint32_t;

// Storage of one file's documents. Built by the loader; read through Node.
struct Tree {
  struct Record {
    NodeKind kind;
    uint8_t flags;       // kQuoted, kMultiLine
    uint16_t reserved;
    Location location;   // where the node's text starts
    uint32_t begin;      // scalar: offset in `text`; container: offset in `children`
    uint32_t size;       // scalar: byte length; sequence: items; mapping: entries
  };
  static constexpr uint8_t kQuoted = 1;     // written quoted or as a block scalar
  static constexpr uint8_t kMultiLine = 2;  // the scalar's source spans several lines

  std::vector<Record> nodes;
  std::string text;                // scalar values, back to back
  std::vector<NodeId> children;    // sequences: items; mappings: key, value, key, value...
  std::vector<NodeId> documents;   // root of each YAML document, in file order

  // A copy whose nodes are located in file `file` (same lines and columns).
  Tree WithFile(uint32_t file) const;
};

// A cheap handle to one node (a pointer and an index). A default-constructed
// Node is "absent": valid() is false and every accessor is safe to call.
class Node {
 public:
  Node() = default;
  Node(const Tree* tree, NodeId id) : tree_(tree), id_(id) {}

  bool valid() const { return tree_ != nullptr; }
  explicit operator bool() const { return valid(); }
  NodeId id() const { return id_; }
  const Tree* tree() const { return tree_; }

  NodeKind kind() const { return valid() ? rec().kind : NodeKind::kNull; }
  bool is_null() const { return kind() == NodeKind::kNull; }
  bool is_scalar() const { return kind() != NodeKind::kSequence && kind() != NodeKind::kMapping; }
  bool is_string() const { return kind() == NodeKind::kString; }
  bool is_sequence() const { return kind() == NodeKind::kSequence; }
  bool is_mapping() const { return kind() == NodeKind::kMapping; }
  bool quoted() const { return valid() && (rec().flags & Tree::kQuoted); }
  bool multi_line() const { return valid() && (rec().flags & Tree::kMultiLine); }

  Location location() const { return valid() ? rec().location : Location{}; }

  // A scalar's text as written (after YAML unquoting/folding); empty for
  // collections. For booleans and numbers it is the source spelling.
  std::string_view text() const;

  // Typed reads; false when the node is not of that kind.
  bool AsBool(bool* out) const;
  bool AsInt(int64_t* out) const;      // decimal, 0x hex, 0o octal
  bool AsDouble(double* out) const;    // floats and integers; .inf/.nan

  // Collections. size() is 0 for scalars.
  uint32_t size() const;
  Node item(uint32_t i) const;         // sequence item i
  Node key(uint32_t i) const;          // mapping entry i's key
  Node value(uint32_t i) const;        // mapping entry i's value
  // The value of the entry whose key is the string `key`; absent if none.
  Node Find(std::string_view key) const;
  // The key node of that entry (for pointing at a key); absent if none.
  Node FindKey(std::string_view key) const;

  // Characters to underline for this node in a diagnostic: the scalar's
  // width on its line (quotes included), 1 for collections.
  uint32_t width() const;

 private:
  const Tree::Record& rec() const { return tree_->nodes[id_]; }
  NodeId child(uint32_t i) const { return tree_->children[rec().begin + i]; }

  const Tree* tree_ = nullptr;
  NodeId id_ = 0;
};

// Parses plain-scalar text by the YAML 1.2 core schema; used by the loader
// and by tests. Quoted scalars are always strings.
NodeKind ResolvePlainScalar(std::string_view text);

// The value of a scalar ResolvePlainScalar typed kBool (true, True, TRUE)
// or kInt (decimal, 0x hex, 0o octal). CoreInt is false when the number does
// not fit 64 bits (or the text is no integer).
bool CoreBool(std::string_view text);
bool CoreInt(std::string_view text, int64_t* out);

// `text` as a YAML scalar that reads back as exactly that string: plain when
// it is safe to (a string by ResolvePlainScalar, none of YAML 1.1's
// booleans and nulls in any case, a letter or '_' first, letters, digits
// and ` _.@/+-` only, no trailing space), otherwise double-quoted with
// escapes. What stagegate writes as YAML (`import`) goes through this.
std::string YamlScalar(std::string_view text);

}  // namespace stagegate

#endif  // STAGEGATE_YAML_TREE_H_
