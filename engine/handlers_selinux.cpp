// Steps that drive SELinux the way its userspace tools do, through selinuxfs:
// load_policy (write the policy to /sys/fs/selinux/load), setenforce (…/enforce),
// compute_av and compute_create (the …/access and …/create transaction files, as
// libselinux's security_compute_av() and security_compute_create() use them: write the
// query, read the answer on the same descriptor). Each goes through the caller's mount
// namespace, so a task in a child SELinux namespace reaches its own selinuxfs.
#include <cerrno>
#include <fcntl.h>

#include <cstdlib>

#include "engine/call.h"
#include "lsms/selinux/policy/services.h"
#include "lsms/selinux/selinux.h"
#include "model/syscalls/fs.h"


namespace lsmsim::engine {

namespace {

constexpr const char* kSelinuxfs = "/sys/fs/selinux";

// open + write + (read) + close on one selinuxfs file, as the tools do.
SysResult transaction(Call& c, const std::string& file, const std::string& query, bool reply) {
  const std::string path = std::string(kSelinuxfs) + "/" + file;
  SysResult fd = sys_open(c.caller, path, reply ? O_RDWR : O_WRONLY);
  if (!fd.ok()) return fd;
  SysResult r = sys_write(c.caller, static_cast<int>(fd.ret), query);
  if (r.ok() && reply) r = sys_read(c.caller, static_cast<int>(fd.ret), 4096);
  sys_close(c.caller, static_cast<int>(fd.ret));
  return r;
}

// The class number the kernel expects in access/create queries, from the policy of the
// caller's SELinux namespace (libselinux reads it from /sys/fs/selinux/class/NAME/index).
std::uint16_t class_number(Call& c, const std::string& name) {
  const sepolicy::SecurityServer* ss = selinux_policy(c.caller.kernel, &c.caller);
  return ss == nullptr ? 0 : ss->class_value(name);
}

SysResult do_load_policy(Call& c) {
  const ArgValue& file = c.step.args.at("file");
  const std::string& text = file.text;
  c.rendered = "load_policy(" + quote(file.texts.at(0)) + ")  # write(\"" + kSelinuxfs +
               "/load\", <" + std::to_string(text.size()) + " bytes>)";
  return transaction(c, "load", text, false);
}

SysResult do_setenforce(Call& c) {
  const std::string value = std::to_string(c.number("mode"));
  c.rendered = "setenforce(" + value + ")  # write(\"" + std::string(kSelinuxfs) + "/enforce\", \"" +
               value + "\")";
  return transaction(c, "enforce", value, false);
}

SysResult do_compute_av(Call& c) {
  const std::string scon = c.text("scontext"), tcon = c.text("tcontext"),
                    tclass = c.text("tclass");
  const std::uint16_t cls = class_number(c, tclass);
  c.rendered = "compute_av(" + quote(scon) + ", " + quote(tcon) + ", " + quote(tclass) + ")";
  c.show_data = true;
  if (cls == 0) return SysResult::error(EINVAL);  // libselinux: unknown class name
  SysResult r = transaction(c, "access", scon + " " + tcon + " " + std::to_string(cls), true);
  if (!r.ok()) return r;
  // "allowed decided auditallow auditdeny seqno flags" in hex; show allowed as names.
  const auto allowed = static_cast<sepolicy::AccessVector>(std::strtoul(r.data.c_str(), nullptr, 16));
  const sepolicy::SecurityServer* ss = selinux_policy(c.caller.kernel, &c.caller);
  r.data = "allowed= " + (ss != nullptr ? ss->perms_to_string(cls, allowed) : r.data);
  return r;
}

SysResult do_compute_create(Call& c) {
  const std::string scon = c.text("scontext"), tcon = c.text("tcontext"),
                    tclass = c.text("tclass"), name = c.text("name");
  const std::uint16_t cls = class_number(c, tclass);
  c.rendered = "compute_create(" + quote(scon) + ", " + quote(tcon) + ", " + quote(tclass) +
               (name.empty() ? "" : ", " + quote(name)) + ")";
  c.show_data = true;
  if (cls == 0) return SysResult::error(EINVAL);
  std::string query = scon + " " + tcon + " " + std::to_string(cls);
  if (!name.empty()) query += " " + name;
  SysResult r = transaction(c, "create", query, true);
  if (r.ok() && !r.data.empty() && r.data.back() == '\0') r.data.pop_back();
  return r;
}

}  // namespace

void add_selinux_handlers(std::map<std::string_view, Handler>& m) {
  m["load_policy"] = &do_load_policy;
  m["setenforce"] = &do_setenforce;
  m["compute_av"] = &do_compute_av;
  m["compute_create"] = &do_compute_create;
}

}  // namespace lsmsim::engine
