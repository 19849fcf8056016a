// The checks that run when a mapping closes: complex keys, duplicate keys
// (sorted, so a 100,000-key mapping stays O(n log n)) and merge keys ("<<"),
// whose entries join the mapping unless it defines the key itself.
#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "yaml/event_builder.h"

namespace stagegate {
namespace yaml_internal {
namespace {

constexpr uint32_t kPairwiseLimit = 8;  // below this, compare keys pairwise

bool IsMergeKey(const Tree& tree, NodeId key) {
  const Tree::Record& r = tree.nodes[key];
  return r.kind == NodeKind::kString && !(r.flags & Tree::kQuoted) && r.size == 2 &&
         tree.text.compare(r.begin, 2, "<<") == 0;
}

}  // namespace

void EventBuilder::FinishMapping(uint32_t begin) {
  uint32_t end = static_cast<uint32_t>(scratch_.size());
  bool any_complex = false;
  for (uint32_t i = begin; i < end; i += 2) {
    NodeKind kind = tree_->nodes[scratch_[i]].kind;
    if (kind == NodeKind::kSequence || kind == NodeKind::kMapping) {
      any_complex = true;
      diags_.Error(Code::kUnsupportedYaml, tree_->nodes[scratch_[i]].location,
                   "a list or mapping used as a mapping key is not supported; use a plain name "
                   "as the key");
    }
  }
  CheckDuplicateKeys(begin, end, any_complex);
  ApplyMerges(begin);
}

void EventBuilder::CheckDuplicateKeys(uint32_t begin, uint32_t end, bool any_complex) {
  // (later, first) scratch indexes of each duplicate key.
  std::vector<std::pair<uint32_t, uint32_t>> duplicates;
  FindDuplicateKeys(begin, end, any_complex, &duplicates);
  if (duplicates.empty()) return;
  for (const auto& [second, first] : duplicates) {
    Node key(tree_, scratch_[second]);
    std::string name(key.text());
    diags_
        .Error(Code::kDuplicateKey, key.location(),
               fmt::format("duplicate key '{}' in this mapping; YAML would silently keep only "
                           "one, so remove or rename one",
                           name))
        .Underline(key.width())
        .Related(tree_->nodes[scratch_[first]].location, fmt::format("first '{}' is here", name));
  }
  // Drop the later entries, so every later stage sees each key once (the
  // first, as written first) and nothing reports the same mistake again.
  std::vector<uint32_t> dropped;
  for (const auto& d : duplicates) dropped.push_back(d.first);
  std::sort(dropped.begin(), dropped.end());
  uint32_t out = begin;
  size_t d = 0;
  for (uint32_t i = begin; i < end; i += 2) {
    if (d < dropped.size() && dropped[d] == i) {
      ++d;
      continue;
    }
    scratch_[out] = scratch_[i];
    scratch_[out + 1] = scratch_[i + 1];
    out += 2;
  }
  scratch_.resize(out);
}

void EventBuilder::FindDuplicateKeys(uint32_t begin, uint32_t end, bool any_complex,
                                     std::vector<std::pair<uint32_t, uint32_t>>* duplicates) {
  const Tree& tree = *tree_;
  auto text = [&](uint32_t index) { return Node(&tree, scratch_[index]).text(); };
  auto scalar = [&](uint32_t index) { return Node(&tree, scratch_[index]).is_scalar(); };
  uint32_t entries = (end - begin) / 2;
  if (entries < 2) return;
  if (entries <= kPairwiseLimit) {
    for (uint32_t i = begin + 2; i < end; i += 2) {
      if (!scalar(i)) continue;
      for (uint32_t j = begin; j < i; j += 2) {
        if (scalar(j) && text(j) == text(i)) {
          duplicates->emplace_back(i, j);
          break;
        }
      }
    }
    return;
  }
  // Sort entry indexes by key text (ties by position): each run's first
  // entry is the first occurrence.
  sort_scratch_.clear();
  for (uint32_t i = begin; i < end; i += 2) {
    if (!any_complex || scalar(i)) sort_scratch_.push_back(i);
  }
  std::sort(sort_scratch_.begin(), sort_scratch_.end(), [&](uint32_t a, uint32_t b) {
    int c = text(a).compare(text(b));
    return c != 0 ? c < 0 : a < b;
  });
  for (size_t i = 1; i < sort_scratch_.size(); ++i) {
    size_t first = i - 1;
    while (i < sort_scratch_.size() && text(sort_scratch_[i]) == text(sort_scratch_[first])) {
      duplicates->emplace_back(sort_scratch_[i], sort_scratch_[first]);
      ++i;
    }
  }
}

void EventBuilder::ApplyMerges(uint32_t begin) {
  uint32_t end = static_cast<uint32_t>(scratch_.size());
  bool any = false;
  for (uint32_t i = begin; i < end && !any; i += 2) any = IsMergeKey(*tree_, scratch_[i]);
  if (!any) return;

  const Tree& tree = *tree_;
  auto text = [&](NodeId key) {
    const Tree::Record& r = tree.nodes[key];
    return std::string_view(tree.text).substr(r.begin, r.size);
  };
  std::unordered_set<std::string_view> taken;  // explicit keys, then merged ones
  for (uint32_t i = begin; i < end; i += 2) {
    NodeId key = scratch_[i];
    if (!IsMergeKey(tree, key) && Node(tree_, key).is_scalar()) taken.insert(text(key));
  }
  std::vector<NodeId> out;
  out.reserve(end - begin);
  uint64_t merged = 0;
  Location first_merge;
  auto merge_from = [&](NodeId source) {
    Node map(tree_, source);
    for (uint32_t e = 0; e < map.size(); ++e) {
      Node key = map.key(e);
      if (key.is_scalar() && !taken.insert(key.text()).second) continue;
      out.push_back(key.id());
      out.push_back(map.value(e).id());
      ++merged;
    }
  };
  for (uint32_t i = begin; i < end; i += 2) {
    NodeId key = scratch_[i];
    NodeId value = scratch_[i + 1];
    if (!IsMergeKey(tree, key)) {
      out.push_back(key);
      out.push_back(value);
      continue;
    }
    if (!first_merge.valid()) first_merge = tree.nodes[key].location;
    Node v(tree_, value);
    bool ok = v.is_mapping();
    if (v.is_sequence()) {
      ok = true;
      for (uint32_t k = 0; k < v.size(); ++k) ok = ok && v.item(k).is_mapping();
    }
    if (!ok) {
      diags_.Error(Code::kUnsupportedYaml, v.location(),
                   fmt::format("the merge key '<<' takes a mapping or a list of mappings (usually "
                               "aliases such as '*defaults'), not {}; fix or remove it",
                               v.is_sequence()            ? "a list of other values"
                               : v.kind() == NodeKind::kInt ? "an integer"
                                                            : "a " + std::string(NodeKindName(v.kind()))));
      continue;
    }
    if (v.is_mapping()) {
      merge_from(value);
    } else {
      for (uint32_t k = 0; k < v.size(); ++k) merge_from(v.item(k).id());
    }
  }
  scratch_.resize(begin);
  scratch_.insert(scratch_.end(), out.begin(), out.end());
  if (merged > 0) Charge(merged, first_merge, "merge keys and aliases", 2);
}

}  // namespace yaml_internal
}  // namespace stagegate
