// Steps that drive AppArmor the way its userspace tools do:
//   apparmor_parser  compile a profile file and load it (-r: .replace, -a: .load), into the
//                    caller's policy namespace or the one given with -n;
//   aa_exec          aa-exec(1): aa_change_onexec()/aa_stack_onexec() then execve().
// libapparmor writes its commands to /proc/self/attr/apparmor/exec, the LSM's own attr
// directory, so they reach AppArmor whatever interface_lsm says.
#include <cerrno>
#include <fcntl.h>

#include "engine/call.h"
#include "engine/profile_file.h"
#include "lsms/apparmor/apparmor.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"

namespace lsmsim::engine {

namespace {

constexpr const char* kApparmorfs = "/sys/kernel/security/apparmor";

// apparmor_parser opens the policy file for writing first: that open goes through DAC and
// every LSM (SELinux checks securityfs writes); the load itself then is checked by
// aa_may_manage_policy() for the caller.
SysResult do_apparmor_parser(Call& c) {
  const ArgValue& file = c.step.args.at("file");
  const std::string ns = c.text("ns");
  const bool replace = c.number("replace", 1) != 0;
  const std::string target = std::string(kApparmorfs) + (replace ? "/.replace" : "/.load");
  c.rendered = std::string("apparmor_parser ") + (replace ? "-r" : "-a") +
               (ns.empty() ? "" : " -n " + ns) + " " + quote(file.texts.at(0)) + "  # write(\"" +
               target + "\")";
  SysResult fd = sys_open(c.caller, target, O_WRONLY);
  if (!fd.ok()) return fd;
  SysResult r = SysResult::success(static_cast<long>(file.text.size()));
  try {
    apparmor_load_profiles(c.caller.kernel, file.text, profile_file_options(file.texts.at(0), ns),
                           &c.caller, replace);
  } catch (const ApparmorError& e) {
    r = SysResult::error(e.err(), Denial{"apparmor", "", "", e.what()});
  } catch (const aa::ProfileError& e) {
    r = SysResult::error(EINVAL, Denial{"kernel", "", "", e.what()});
  }
  sys_close(c.caller, static_cast<int>(fd.ret));
  return r;
}

// aa-exec -p PROFILE [-n NS] [--stack] -- PATH ARGV: the change at exec, then the exec.
SysResult do_aa_exec(Call& c) {
  const std::string ns = c.text("ns"), path = c.text("path");
  const bool stack = c.number("stack", 0) != 0;
  std::string label = c.text("profile");
  if (!ns.empty()) label = ":" + ns + ":" + label;
  std::vector<std::string> argv = c.texts("argv");
  if (!c.has("argv")) argv.push_back(path);
  c.rendered = "aa-exec " + std::string(stack ? "--stack " : "") + "-p " + quote(label) + " -- " +
               quote(path) + "  # write(\"/proc/self/attr/apparmor/exec\", \"" +
               (stack ? "stack " : "exec ") + label + "\"), execve";
  const std::string attr = "/proc/self/attr/apparmor/exec";
  SysResult fd = sys_open(c.caller, attr, O_WRONLY);
  if (!fd.ok()) return fd;
  SysResult w = sys_write(c.caller, static_cast<int>(fd.ret), (stack ? "stack " : "exec ") + label);
  sys_close(c.caller, static_cast<int>(fd.ret));
  if (!w.ok()) return w;
  return sys_execve(c.caller, path, argv);
}

}  // namespace

void add_apparmor_handlers(std::map<std::string_view, Handler>& m) {
  m["apparmor_parser"] = &do_apparmor_parser;
  m["aa_exec"] = &do_aa_exec;
}

}  // namespace lsmsim::engine
