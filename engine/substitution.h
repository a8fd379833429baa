// `${...}` references in scenario strings: ${pid:TASK} (TASK's pid as the calling task sees
// it), ${ns:TASK:TYPE} (readlink of /proc/TASK/ns/TYPE, e.g. "net:[4026531840]") and ${NAME}
// (a value saved by an earlier step). "$$" is a literal '$'.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim::engine {

struct TemplatePart {
  enum class Kind { literal, pid, ns, var } kind = Kind::literal;
  std::string text;     // literal text, or the task / variable name
  std::string ns_type;  // for Kind::ns
  std::size_t offset = 0;  // where the part starts in the source string
};

// Splits `text`; returns "" on success or a message saying what is wrong with the reference
// at `error_offset`.
std::string parse_template(std::string_view text, std::vector<TemplatePart>& out,
                           std::size_t& error_offset);

bool has_references(std::string_view text);

// Substitutes every reference through `resolve`, which throws to report a problem.
std::string expand_template(std::string_view text,
                            const std::function<std::string(const TemplatePart&)>& resolve);

}  // namespace lsmsim::engine
