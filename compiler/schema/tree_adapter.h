// A valijson adapter over the located tree (yaml/tree.h), so the JSON Schema
// validates the very nodes the loader built and every error path leads back
// to a file:line:col. Private to the schema stage (the only code that
// includes valijson); modelled on valijson's nlohmann_json_adapter.hpp.
//
// Types are strict and follow the loader's YAML 1.2 core-schema typing: kInt
// is an integer (a number too large for int64 counts as a double), kFloat a
// double, kBool, kNull, kString a string; sequences are arrays, mappings are
// objects whose keys are the keys' text. Handles are two words (tree, id), so
// adapters and iterators are cheap to copy; iterators are bidirectional, as
// valijson's uniqueItems needs.
#ifndef STAGEGATE_SCHEMA_TREE_ADAPTER_H_
#define STAGEGATE_SCHEMA_TREE_ADAPTER_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#include "yaml/tree.h"

namespace stagegate {

class TreeAdapter;
class TreeArrayIterator;
class TreeObjectIterator;

using TreeObjectMember = std::pair<std::string, TreeAdapter>;

// Parses a core-schema integer (decimal, 0x hex, 0o octal) without
// allocating; false when it is not one or does not fit in int64.
bool ParseCoreInt(std::string_view text, int64_t* out);

class TreeArray {
 public:
  using const_iterator = TreeArrayIterator;
  using iterator = TreeArrayIterator;

  TreeArray() = default;
  explicit TreeArray(Node node) : node_(node) {}

  TreeArrayIterator begin() const;
  TreeArrayIterator end() const;
  size_t size() const { return node_.size(); }

 private:
  Node node_;
};

class TreeObject {
 public:
  using const_iterator = TreeObjectIterator;
  using iterator = TreeObjectIterator;

  TreeObject() = default;
  explicit TreeObject(Node node) : node_(node) {}

  TreeObjectIterator begin() const;
  TreeObjectIterator end() const;
  // The first entry whose key text is `name` (a linear scan: valijson only
  // looks up the schema's own property names, in small mappings).
  TreeObjectIterator find(const std::string& name) const;
  size_t size() const { return node_.size(); }

 private:
  Node node_;
};

// A "frozen" copy is just the handle: the tree outlives every validation.
class TreeFrozenValue : public valijson::adapters::FrozenValue {
 public:
  explicit TreeFrozenValue(Node node) : node_(node) {}
  FrozenValue* clone() const override { return new TreeFrozenValue(node_); }
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

 private:
  Node node_;
};

// The value interface BasicAdapter is written against.
class TreeValue {
 public:
  TreeValue() = default;
  explicit TreeValue(Node node) : node_(node) {}

  valijson::adapters::FrozenValue* freeze() const { return new TreeFrozenValue(node_); }

  opt::optional<TreeArray> getArrayOptional() const {
    if (node_.is_sequence()) return TreeArray(node_);
    return {};
  }
  bool getArraySize(size_t& result) const {
    if (!node_.is_sequence()) return false;
    result = node_.size();
    return true;
  }
  opt::optional<TreeObject> getObjectOptional() const {
    if (node_.is_mapping()) return TreeObject(node_);
    return {};
  }
  bool getObjectSize(size_t& result) const {
    if (!node_.is_mapping()) return false;
    result = node_.size();
    return true;
  }
  bool getBool(bool& result) const { return node_.AsBool(&result); }
  bool getDouble(double& result) const;
  bool getInteger(int64_t& result) const;
  bool getString(std::string& result) const {
    if (!node_.is_string()) return false;
    result.assign(node_.text());
    return true;
  }

  static bool hasStrictTypes() { return true; }

  bool isArray() const { return node_.is_sequence(); }
  bool isBool() const { return node_.kind() == NodeKind::kBool; }
  bool isDouble() const;
  bool isInteger() const;
  bool isNull() const { return node_.kind() == NodeKind::kNull; }
  bool isNumber() const {
    return node_.kind() == NodeKind::kInt || node_.kind() == NodeKind::kFloat;
  }
  bool isObject() const { return node_.is_mapping(); }
  bool isString() const { return node_.is_string(); }

 private:
  Node node_;
};

class TreeAdapter
    : public valijson::adapters::BasicAdapter<TreeAdapter, TreeArray, TreeObjectMember, TreeObject,
                                              TreeValue> {
 public:
  explicit TreeAdapter(Node node) : BasicAdapter(TreeValue(node)) {}
};

class TreeArrayIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = TreeAdapter;
  using difference_type = std::ptrdiff_t;
  using pointer = TreeAdapter*;
  using reference = TreeAdapter&;

  TreeArrayIterator(Node node, uint32_t index) : node_(node), index_(index) {}

  TreeAdapter operator*() const { return TreeAdapter(node_.item(index_)); }
  valijson::adapters::DerefProxy<TreeAdapter> operator->() const {
    return valijson::adapters::DerefProxy<TreeAdapter>(**this);
  }
  bool operator==(const TreeArrayIterator& other) const { return index_ == other.index_; }
  bool operator!=(const TreeArrayIterator& other) const { return index_ != other.index_; }
  const TreeArrayIterator& operator++() {
    ++index_;
    return *this;
  }
  TreeArrayIterator operator++(int) {
    TreeArrayIterator before = *this;
    ++index_;
    return before;
  }
  const TreeArrayIterator& operator--() {
    --index_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { index_ = static_cast<uint32_t>(index_ + n); }

 private:
  Node node_;
  uint32_t index_;
};

class TreeObjectIterator {
 public:
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = TreeObjectMember;
  using difference_type = std::ptrdiff_t;
  using pointer = TreeObjectMember*;
  using reference = TreeObjectMember&;

  TreeObjectIterator(Node node, uint32_t index) : node_(node), index_(index) {}

  TreeObjectMember operator*() const {
    return TreeObjectMember(std::string(node_.key(index_).text()),
                            TreeAdapter(node_.value(index_)));
  }
  valijson::adapters::DerefProxy<TreeObjectMember> operator->() const {
    return valijson::adapters::DerefProxy<TreeObjectMember>(**this);
  }
  bool operator==(const TreeObjectIterator& other) const { return index_ == other.index_; }
  bool operator!=(const TreeObjectIterator& other) const { return index_ != other.index_; }
  const TreeObjectIterator& operator++() {
    ++index_;
    return *this;
  }
  TreeObjectIterator operator++(int) {
    TreeObjectIterator before = *this;
    ++index_;
    return before;
  }
  const TreeObjectIterator& operator--() {
    --index_;
    return *this;
  }

 private:
  Node node_;
  uint32_t index_;
};

inline TreeArrayIterator TreeArray::begin() const { return TreeArrayIterator(node_, 0); }
inline TreeArrayIterator TreeArray::end() const { return TreeArrayIterator(node_, node_.size()); }
inline TreeObjectIterator TreeObject::begin() const { return TreeObjectIterator(node_, 0); }
inline TreeObjectIterator TreeObject::end() const {
  return TreeObjectIterator(node_, node_.size());
}
inline TreeObjectIterator TreeObject::find(const std::string& name) const {
  const uint32_t n = node_.size();
  uint32_t i = 0;
  while (i < n && node_.key(i).text() != name) ++i;
  return TreeObjectIterator(node_, i);
}

}  // namespace stagegate

namespace valijson {
namespace adapters {

template <>
struct AdapterTraits<stagegate::TreeAdapter> {
  using DocumentType = stagegate::Tree;
  static std::string adapterName() { return "StagegateTreeAdapter"; }
};

}  // namespace adapters
}  // namespace valijson

#endif  // STAGEGATE_SCHEMA_TREE_ADAPTER_H_
