// Reads a monolithic policy.conf in checkpolicy's grammar (MLS on or off) into a Policydb,
// expanded as checkpolicy expands it: attributes resolved, booleans' if/else blocks kept as
// conditional rules, neverallow checked at load.
//
// Refused, though checkpolicy 3.4 takes them (each with a PolicyError naming the construct):
// role attributes (attribute_role, roleattribute, `role r, attr;`), tunable, optional and
// require blocks, modules, extended permissions (allowxperm ...), old role dominance, fscon,
// ibpkeycon/ibendportcon and the Xen *con statements, a user declared twice, ports above
// 65535, characters the scanner does not know (checkpolicy warns and skips them).
// `#line` directives are comments: errors give lines of the text as passed in.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/selinux/policy/policydb.h"
#include "model/parse_error.h"

namespace lsmsim::sepolicy {

// A policy that cannot be loaded: the position and what was expected or what was wrong.
// what() is "file:line:col: message".
class PolicyError : public ParseError {
 public:
  using ParseError::ParseError;
};

struct PolicyParseOptions {
  std::string filename = "policy.conf";  // used in error messages
  bool mls = true;                       // checkpolicy -M: the MLS statements are expected
};

// Throws PolicyError on a syntax error, an undefined or redefined name, a construct lsmsim
// does not support (named), or a violated neverallow.
Policydb parse_policy_conf(std::string_view text, const PolicyParseOptions& options = {});

// Whether `text` has checkpolicy's MLS block (a `sensitivity` statement), i.e. whether it
// is meant for `checkpolicy -M`; the loaders set PolicyParseOptions::mls from it.
bool policy_conf_is_mls(std::string_view text);

}  // namespace lsmsim::sepolicy
