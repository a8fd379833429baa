// MLS level and range arithmetic and context validity (the kernel's ss/mls.c and
// policydb_context_isvalid), shared by the security server's files.
#pragma once

#include <string>

#include "lsms/selinux/policy/policydb.h"

namespace lsmsim::sepolicy {

// mls_level_dom(): l1's sensitivity is at least l2's and l1's categories include l2's.
inline bool mls_level_dom(const MlsLevel& l1, const MlsLevel& l2) {
  return l1.sens >= l2.sens && l1.cats.contains(l2.cats);
}
inline bool mls_level_eq(const MlsLevel& l1, const MlsLevel& l2) {
  return l1 == l2;
}
// mls_level_incomp(): neither dominates the other.
inline bool mls_level_incomp(const MlsLevel& l1, const MlsLevel& l2) {
  return !mls_level_dom(l1, l2) && !mls_level_dom(l2, l1);
}
// mls_range_contains(): r2 lies within r1.
inline bool mls_range_contains(const MlsRange& r1, const MlsRange& r2) {
  return mls_level_dom(r2.low, r1.low) && mls_level_dom(r1.high, r2.high);
}

// mls_level_isvalid(): a defined sensitivity whose `level` statement allows these categories.
bool mls_level_isvalid(const Policydb& db, const MlsLevel& l);
// mls_range_isvalid(): both levels valid and high dominates low.
bool mls_range_isvalid(const Policydb& db, const MlsRange& r);
// policydb_context_isvalid() + mls_context_isvalid(). On failure `why` says what is wrong.
bool context_isvalid(const Policydb& db, const Context& c, std::string* why = nullptr);

// mls_compute_sid(): the range of a new context (`specified` as in compute_sid below).
enum class SidKind : std::uint8_t { transition, change, member };
int mls_compute_sid(const Policydb& db, const Context& s, const Context& t, std::uint16_t tclass,
                    SidKind kind, bool sock, Context& out);

// "s0:c1,c3.c5" for a level; a range prints "low-high", or "low" when low == high
// (mls_sid_to_context).
std::string mls_level_to_string(const Policydb& db, const MlsLevel& l);
std::string mls_range_to_string(const Policydb& db, const MlsRange& r);

}  // namespace lsmsim::sepolicy
