// Private to the yaml stage: the yaml-cpp event handler that builds one
// file's located Tree (core-schema typing, locations in code points,
// duplicate keys, merge keys, nesting and alias limits). parse.cc drives it.
#ifndef STAGEGATE_YAML_EVENT_BUILDER_H_
#define STAGEGATE_YAML_EVENT_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "source/diagnostic.h"
#include "source/source_set.h"
#include "yaml/loader.h"
#include "yaml/tree.h"

namespace stagegate {
namespace yaml_internal {

// Thrown by the builder after it has reported a finding that ends the file
// (nesting or alias limit); parse.cc catches it.
struct StopFile {};

// Where to end yaml-cpp's input early (flow_fence.cc): just after the
// first bracket nested past `max_depth`, or `max_flow_bytes` into a flow
// collection that is longer (then `long_flow` is where it starts).
// `closers` close the brackets open there. offset is npos when the input
// needs no fence. A hint only: the caller confirms it.
struct Fence {
  size_t offset = std::string_view::npos;
  std::string closers;
  size_t long_flow = std::string_view::npos;
};
Fence FindFence(std::string_view text, size_t bom, uint32_t max_depth, size_t max_flow_bytes);

// Reads `text` (from `bom` on) with the fast reader (fast_parse.cc), handing
// `handler` the events yaml-cpp's parser would. False when the text holds
// something the fast reader leaves to yaml-cpp (or a syntax error); the
// events handed over by then are to be thrown away. `ascii` says the text
// has no byte >= 0x80. ParseYaml has checked the text: valid UTF-8, no
// control character but tab, line feed and carriage return.
bool FastParse(std::string_view text, size_t bom, bool ascii, YAML::EventHandler& handler);

class EventBuilder : public YAML::EventHandler {
 public:
  // `text` is the file's whole text; `bom` the bytes of a leading UTF-8 BOM
  // (yaml-cpp's positions start after it); `ascii` says the text has no
  // byte >= 0x80, so byte columns are code-point columns.
  EventBuilder(std::string_view text, uint32_t file, uint32_t bom, bool ascii,
               const LoadLimits& limits, Tree* tree, Diagnostics& diags);

  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override;
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override;
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override;

  // True once the builder has stopped the file at the nesting limit.
  bool stopped_at_depth() const { return stopped_at_depth_; }
  // Watches for a flow collection whose text starts at `offset`;
  // found_watched() says whether yaml-cpp reported one, at watched().
  void Watch(size_t offset) { watch_ = offset; }
  bool found_watched() const { return watched_.valid(); }
  Location watched() const { return watched_; }

  // Drops the document being built (after a syntax error or a StopFile);
  // earlier complete documents stay.
  void AbandonDocument();

  // The location of a yaml-cpp mark (clamped into the text).
  Location Locate(const YAML::Mark& mark);
  // The innermost open flow collection of `kind` (for "missing ']'"
  // messages); an invalid location if none is open.
  Location OpenFlow(NodeKind kind) const;
  // The name of the alias written at `offset` ("*name" -> "name").
  std::string AliasName(size_t offset) const;
  // Byte offset of a mark in the text.
  size_t Offset(const YAML::Mark& mark) const;

 private:
  struct Frame {
    NodeId node;
    uint32_t scratch_begin;
    uint32_t height;      // of the tallest child so far
    bool flow;
    YAML::anchor_t anchor;
    uint64_t expanded;    // nodes in the expansion so far, itself included
  };
  struct Anchor {
    NodeId node = 0;
    uint32_t height = 0;
    bool open = false;
    bool defined = false;
    uint64_t expanded = 0;
  };
  // Where a node's own text starts: after any anchor / tag properties.
  struct Position {
    size_t offset;
    Location location;
  };

  Position ValuePosition(const YAML::Mark& mark);
  Location LocateOffset(size_t offset, uint32_t line, size_t line_start);
  NodeId NewNode(NodeKind kind, uint8_t flags, Location location);
  void AddChild(NodeId id, uint64_t expanded, uint32_t height);
  void StartCollection(NodeKind kind, const YAML::Mark& mark, const std::string& tag,
                       YAML::anchor_t anchor, YAML::EmitterStyle::value style);
  void EndCollection();
  void DefineAnchor(YAML::anchor_t anchor, NodeId node, bool open, uint64_t expanded,
                    uint32_t height);
  // Mapping checks on the entries scratch_[begin, end): complex keys,
  // duplicate keys, then merge keys (which may rewrite the range).
  void FinishMapping(uint32_t begin);
  // Reports duplicate scalar keys and removes the later entries.
  void CheckDuplicateKeys(uint32_t begin, uint32_t end, bool any_complex);
  void FindDuplicateKeys(uint32_t begin, uint32_t end, bool any_complex,
                         std::vector<std::pair<uint32_t, uint32_t>>* duplicates);
  void ApplyMerges(uint32_t begin);
  // Reports an unsupported tag, or one that does not match the node, at
  // the tag; false then. Sets *kind for a standard tag.
  bool CheckTag(const std::string& tag, NodeKind* kind, std::string_view value,
                const YAML::Mark& mark, bool scalar);
  Location TagLocation(const YAML::Mark& mark, uint32_t* width);
  // Whether a quoted or block scalar starting at `offset` spans lines;
  // reports an unclosed quoted string (yaml-cpp 0.7 accepts one that runs
  // to the end of the file) and stops the file.
  bool IsMultiLine(size_t offset, char first, Location where);
  // Adds `nodes` to the file's alias budget; past the limit, reports at
  // `where` and stops the file.
  void Charge(uint64_t nodes, Location where, std::string_view what, uint32_t width);
  [[noreturn]] void TooDeep(Location where, bool through_alias);

  std::string_view text_;
  uint32_t file_;
  uint32_t bom_;
  bool ascii_;
  const LoadLimits& limits_;
  Tree* tree_;
  Diagnostics& diags_;

  std::vector<Frame> frames_;
  std::vector<NodeId> scratch_;
  std::vector<Anchor> anchors_;  // indexed by yaml-cpp's per-document anchor id
  std::vector<uint32_t> sort_scratch_;
  NodeId root_ = 0;
  bool has_root_ = false;
  uint32_t documents_seen_ = 0;
  // Where the last document started: yaml-cpp starts empty documents at the
  // same place forever on a ',' outside any flow collection.
  size_t last_document_offset_ = 0;
  uint64_t alias_nodes_ = 0;  // per file
  bool stopped_at_depth_ = false;
  size_t watch_ = std::string_view::npos;
  Location watched_;
  // The tree's sizes when the current document started (to abandon it).
  size_t doc_nodes_ = 0, doc_text_ = 0, doc_children_ = 0, doc_roots_ = 0;
  // Column cache: code points before `cursor_offset_` on line `cursor_line_`.
  uint32_t cursor_line_ = UINT32_MAX;
  size_t cursor_offset_ = 0;
  uint32_t cursor_column_ = 0;
};

}  // namespace yaml_internal
}  // namespace stagegate

#endif  // STAGEGATE_YAML_EVENT_BUILDER_H_
