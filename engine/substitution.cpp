#include "engine/substitution.h"

#include <cctype>
#include <stdexcept>

#include "model/ns/namespaces.h"

namespace lsmsim::engine {

namespace {

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

std::string parse_template(std::string_view text, std::vector<TemplatePart>& out,
                           std::size_t& error_offset) {
  out.clear();
  std::string literal;
  std::size_t literal_start = 0;
  auto flush = [&] {
    if (!literal.empty())
      out.push_back({TemplatePart::Kind::literal, literal, {}, literal_start});
    literal.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size() || (text[i + 1] != '{' && text[i + 1] != '$')) {
      if (literal.empty()) literal_start = i;
      literal += text[i];
      continue;
    }
    if (text[i + 1] == '$') {
      if (literal.empty()) literal_start = i;
      literal += '$';
      ++i;
      continue;
    }
    error_offset = i;
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) return "unterminated '${' (expected '}')";
    const std::string_view body = text.substr(i + 2, close - i - 2);
    flush();
    TemplatePart part;
    part.offset = i;
    const std::size_t colon = body.find(':');
    if (colon == std::string_view::npos) {
      if (!is_name(body))
        return "bad reference '${" + std::string(body) +
               "}' (expected ${pid:TASK}, ${ns:TASK:TYPE} or ${NAME})";
      part.kind = TemplatePart::Kind::var;
      part.text = body;
    } else {
      const std::string_view kind = body.substr(0, colon);
      const std::string_view rest = body.substr(colon + 1);
      if (kind == "pid") {
        if (!is_name(rest)) return "bad task name in '${" + std::string(body) + "}'";
        part.kind = TemplatePart::Kind::pid;
        part.text = rest;
      } else if (kind == "ns") {
        const std::size_t colon2 = rest.find(':');
        NsType t;
        if (colon2 == std::string_view::npos || !is_name(rest.substr(0, colon2)) ||
            !ns_type_from_name(std::string(rest.substr(colon2 + 1)), t))
          return "bad reference '${" + std::string(body) +
                 "}' (expected ${ns:TASK:TYPE} with TYPE one of mnt, uts, ipc, net, pid, user, "
                 "cgroup, time)";
        part.kind = TemplatePart::Kind::ns;
        part.text = rest.substr(0, colon2);
        part.ns_type = rest.substr(colon2 + 1);
      } else {
        return "unknown reference kind '" + std::string(kind) +
               "' (expected ${pid:TASK}, ${ns:TASK:TYPE} or ${NAME})";
      }
    }
    out.push_back(std::move(part));
    i = close;
  }
  flush();
  return {};
}

bool has_references(std::string_view text) {
  return text.find("${") != std::string_view::npos || text.find("$$") != std::string_view::npos;
}

std::string expand_template(std::string_view text,
                            const std::function<std::string(const TemplatePart&)>& resolve) {
  std::vector<TemplatePart> parts;
  std::size_t off = 0;
  const std::string err = parse_template(text, parts, off);
  if (!err.empty()) throw std::invalid_argument(err);  // the parser checked this already
  std::string out;
  for (const TemplatePart& p : parts)
    out += p.kind == TemplatePart::Kind::literal ? p.text : resolve(p);
  return out;
}

}  // namespace lsmsim::engine
