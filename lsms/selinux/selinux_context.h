// The shape of a security context, "user:role:type[:level]" (policydb string_to_context_struct
// and mls_context_to_sid, without a policy to look names up in).
#pragma once

#include <string_view>

namespace lsmsim {

// True if `ctx` has a user, role and type made of identifier characters, and, if present,
// an MLS range "s0", "s0:c1,c3", "s0-s2:c0.c255". A trailing NUL has been stripped.
bool selinux_context_valid(std::string_view ctx);

}  // namespace lsmsim
