#include "lsms/smack/smack_label.h"

namespace lsmsim {

bool smk_parse_smack(std::string_view text, std::string& label) {
  if (!text.empty() && text[0] == '-') return false;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c > '~' || c <= ' ' || c == '/' || c == '"' || c == '\\' || c == '\'') break;
  }
  if (i == 0 || i >= kSmkLongLabel) return false;
  label = std::string(text.substr(0, i));
  return true;
}

}  // namespace lsmsim
