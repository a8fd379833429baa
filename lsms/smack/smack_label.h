// Smack label syntax (security/smack/smack_access.c smk_parse_smack, v6.12).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lsmsim {

// SMK_LONGLABEL: labels are shorter than 256 bytes.
inline constexpr std::size_t kSmkLongLabel = 256;

// The label at the start of `text`: it ends at the first character a label may not hold
// (whitespace or control characters, anything above '~', '/', '"', '\\', '\''), so
// "label\n" parses as "label". False (-EINVAL) when `text` starts with '-' or with such a
// character, or the label is 256 bytes or longer.
bool smk_parse_smack(std::string_view text, std::string& label);

}  // namespace lsmsim
