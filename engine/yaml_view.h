// Internal to the parser (includes yaml-cpp; never include from a public header): strict
// accessors over yaml-cpp nodes that report problems as BadInput with positions.
#pragma once

// yaml-cpp 0.7's node/impl.h trips GCC 12's -Wdangling-pointer (a false positive in code we
// do not own).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#include <yaml-cpp/yaml.h>
#pragma GCC diagnostic pop

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario_model.h"

namespace lsmsim::engine {

SourcePos pos_of(const YAML::Node& n);
// pos_of(n), or `fallback` where yaml-cpp has no mark.
SourcePos at(const YAML::Node& n, SourcePos fallback);
// "a mapping", "a sequence", "a string", "nothing"
std::string kind_of(const YAML::Node& n);
[[noreturn]] void fail(SourcePos pos, std::string message);
// Where character `offset` of a scalar's value sits in `source`, the scalar starting at
// `start` (its mark): past the opening quote of a quoted scalar, each escape (`\"`, `\x41`,
// `''`) counted as written, line folds followed. For errors inside a string (an auditctl rule).
SourcePos scalar_char_pos(std::string_view source, SourcePos start, std::size_t offset);

// A mapping whose keys are checked: strings only, no duplicates, only known ones.
class MapView {
 public:
  struct Entry {
    std::string key;
    SourcePos key_pos;
    YAML::Node value;
  };

  // `what` names the mapping in messages ("the boot section").
  MapView(const YAML::Node& node, std::string what, SourcePos fallback = {});

  const std::vector<Entry>& entries() const { return entries_; }
  const Entry* find(std::string_view key) const;
  // Fails on the first key not in `allowed`.
  void only(const std::vector<std::string_view>& allowed) const;
  const std::string& what() const { return what_; }
  SourcePos pos() const { return pos_; }

 private:
  std::vector<Entry> entries_;
  std::string what_;
  SourcePos pos_;
};

// The scalar text of `n`, or fails with "expected <what>, got <kind>".
std::string scalar(const YAML::Node& n, std::string_view what, SourcePos fallback = {});
bool boolean(const YAML::Node& n, std::string_view what, SourcePos fallback = {});
// Decimal, or hex with 0x; optional sign. No trailing garbage.
std::optional<long long> parse_integer(std::string_view s);
long long integer(const YAML::Node& n, std::string_view what, long long min, long long max,
                  SourcePos fallback = {});
// A scalar or a sequence of scalars.
std::vector<std::pair<std::string, SourcePos>> scalar_list(const YAML::Node& n,
                                                           std::string_view what,
                                                           SourcePos fallback = {});
bool is_identifier(std::string_view s);

}  // namespace lsmsim::engine
