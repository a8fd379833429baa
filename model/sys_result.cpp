#include "model/sys_result.h"

#include "model/errno_name.h"

namespace lsmsim {

std::string describe(const SysResult& r) {
  if (r.ok()) return "ok (ret=" + std::to_string(r.ret) + ")";
  std::string s = errno_name(r.err);
  if (r.denial) {
    const Denial& d = *r.denial;
    s += " (denied by " + d.by;
    if (!d.hook.empty()) s += " in " + d.hook;
    if (!d.ns_level.empty()) s += " at " + d.ns_level;
    if (!d.reason.empty()) s += ": " + d.reason;
    s += ")";
  }
  return s;
}

}  // namespace lsmsim
