#include "lsms/apparmor/apparmor_label.h"

#include <cctype>

#include "lsms/apparmor/apparmor.h"

namespace lsmsim {
namespace {

bool space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// One component of a stack: an optional ":ns:" (or ":ns://") prefix, then a profile name.
bool component_valid(std::string_view c) {
  if (!c.empty() && c[0] == ':') {
    const std::size_t end = c.find(':', 1);
    if (end == std::string_view::npos || end == 1) return false;
    c = c.substr(end + 1);
    if (c.substr(0, 2) == "//") c = c.substr(2);
  }
  return !c.empty();
}

}  // namespace

bool aa_label_name_valid(std::string_view label) {
  if (label.empty()) return false;
  for (char c : label)
    if (space(c) || std::iscntrl(static_cast<unsigned char>(c)) != 0) return false;
  if (label[0] == '&') label = label.substr(1);  // "&B": stack onto the current label
  while (true) {
    const std::size_t amp = label.find("//&");
    if (!component_valid(label.substr(0, amp))) return false;
    if (amp == std::string_view::npos) return true;
    label = label.substr(amp + 3);
  }
}

std::string aa_label_unprint(std::string_view text) {
  const std::size_t paren = text.rfind(" (");
  if (paren != std::string_view::npos && text.back() == ')') text = text.substr(0, paren);
  return std::string(text);
}

bool aa_parse_command(const std::string& buf, AaCommand& out) {
  std::string_view s(buf.data(), buf.find('\0') == std::string::npos ? buf.size() : buf.find('\0'));
  while (!s.empty() && space(s.front())) s.remove_prefix(1);  // strim()
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  const std::size_t sp = s.find(' ');  // strsep(&args, " ")
  if (sp == std::string_view::npos) return false;
  out.command = std::string(s.substr(0, sp));
  std::string_view args = s.substr(sp + 1);
  while (!args.empty() && space(args.front())) args.remove_prefix(1);  // skip_spaces()
  if (args.empty()) return false;
  out.args = std::string(args);
  out.args_offset = static_cast<std::size_t>(args.data() - buf.data());
  return true;
}

bool aa_parse_changehat(std::string_view raw, AaChangeHat& out) {
  const std::size_t caret = raw.find('^');
  if (caret == std::string_view::npos || raw.substr(0, caret).find('\0') != std::string_view::npos)
    return false;
  // simple_strtoull(args, NULL, 16): hex digits after an optional 0x, up to the first other.
  std::string_view num = raw.substr(0, caret);
  if (num.substr(0, 2) == "0x" || num.substr(0, 2) == "0X") num.remove_prefix(2);
  out.token = 0;
  for (char c : num) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) break;
    out.token =
        out.token * 16 +
        static_cast<std::uint64_t>(std::isdigit(static_cast<unsigned char>(c)) != 0
                                       ? c - '0'
                                       : (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10));
  }
  out.hats.clear();
  std::string_view rest = raw.substr(caret + 1);
  while (!rest.empty() && rest.front() != '\0') {
    const std::size_t nul = rest.find('\0');
    std::string_view hat = rest.substr(0, nul);
    while (!hat.empty() && space(hat.back())) hat.remove_suffix(1);
    if (!hat.empty()) out.hats.emplace_back(hat);
    if (nul == std::string_view::npos) break;
    rest = rest.substr(nul + 1);
  }
  return true;
}

}  // namespace lsmsim
