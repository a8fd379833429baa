// Evaluation of constrain/mlsconstrain/validatetrans expressions (the kernel's
// constraint_expr_eval() in ss/services.c).
#pragma once

#include <string>
#include <vector>

#include "lsms/selinux/policy/policydb.h"

namespace lsmsim::sepolicy {

// `x` is the task context of a validatetrans (u3/r3/t3); nullptr for constraints, where an
// expression naming u3/r3/t3 evaluates false. A malformed expression evaluates false.
bool constraint_expr_eval(const Policydb& db, const Context& s, const Context& t, const Context* x,
                          const std::vector<ConstraintNode>& expr);

// The statement for a denial reason: its own text when the parser kept it, else rebuilt
// from the nodes ("mlsconstrain file { read } ((h1 dom h2) or (t1 == mcs_override))").
std::string constraint_text(const Policydb& db, const SecurityClass& cls, const Constraint& c);

}  // namespace lsmsim::sepolicy
