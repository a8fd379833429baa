// Builds lsmsim's Policydb from the policy libsepol has loaded (so_dump_policy), so the
// security server can be compared with libsepol on the very same policy, parser aside.
#pragma once

#include "lsms/selinux/policy/policydb.h"

namespace lsmsim::sepolicy::testing {

Policydb policydb_from_sepol();

}  // namespace lsmsim::sepolicy::testing
