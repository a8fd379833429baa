// list-hooks and lsm-order: questions answered by the framework alone, without a scenario.
#include <cstdio>
#include <iostream>
#include <type_traits>

#include "cli/commands.h"
#include "model/errno_name.h"
#include "model/kernel.h"
#include "model/lsm/hook_is_void.h"
#include "model/lsm/hooks.h"

namespace lsmsim::cli {

namespace {


}  // namespace

int list_hooks_command() {
  std::printf("%-34s %-6s %-14s %s\n", "HOOK", "RETURN", "DEFAULT", "DISPATCH");
  for (std::size_t i = 0; i < kHookCount; ++i) {
    const bool is_void = kHookIsVoid[i];
    const int d = kHookDefaults[i];
    std::string def = is_void ? "-" : d < 0 ? "-" + errno_name(-d) : std::to_string(d);
    const char* how = kHookIsSpecial[i] ? "special (security_special.cpp)"
                      : is_void         ? "call_void_hook: every LSM"
                                        : "call_int_hook: first non-default wins";
    std::printf("%-34s %-6s %-14s %s\n", std::string(kHookNames[i]).c_str(),
                is_void ? "void" : "int", def.c_str(), how);
  }
  std::printf("%zu hooks\n", kHookCount);
  return 0;
}

int lsm_order_command(const LsmOrderArgs& args) {
  KernelConfig c;
  c.lsm.lsm = args.lsm;
  c.lsm.security = args.security;
  if (args.config_lsm) c.lsm.config_lsm = *args.config_lsm;
  c.lsm.stacking = args.stacking;
  for (const std::string& e : args.enabled) {
    const std::size_t eq = e.find('=');
    if (eq == std::string::npos || (e.substr(eq + 1) != "0" && e.substr(eq + 1) != "1")) {
      std::cerr << "lsmsim lsm-order: --enable expects NAME=0 or NAME=1, got '" << e << "'\n";
      return 2;
    }
    c.lsm.enabled[e.substr(0, eq)] = e.substr(eq + 1) == "1";
  }
  const std::vector<LsmDescriptor>& catalog = builtin_lsm_catalog();
  const LsmOrderResult order = lsm_order_parse(catalog, c.lsm);
  // Booting shows what the framework decides after ordering: blob layout, secmark/NetLabel.
  Kernel booted(c);
  const LsmFramework& fw = booted.lsm();

  std::string built;
  for (const LsmDescriptor& d : catalog) built += (built.empty() ? "" : ",") + d.name;
  std::string active;
  for (const LsmDescriptor* d : order.active) active += (active.empty() ? "" : ",") + d->name;
  std::cout << "built in:                 " << built << "\n";
  std::cout << "CONFIG_LSM:               " << c.lsm.config_lsm << "\n";
  if (args.lsm) std::cout << "lsm=                      " << *args.lsm << "\n";
  if (args.security) std::cout << "security=                 " << *args.security << "\n";
  if (args.stacking) std::cout << "stacking:                 exclusivity lifted\n";
  std::cout << "/sys/kernel/security/lsm: " << active << "\n";
  std::cout << "interface_lsm:            "
            << (fw.interface_lsm_enabled() ? "on (stacking series)" : "off (first registrant)")
            << "\n";
  std::cout << "secmark:                  "
            << (fw.secmark_owner().empty() ? "(nobody asked)" : fw.secmark_owner()) << "\n";
  std::cout << "NetLabel:                 "
            << (fw.netlabel_owner().empty() ? "(nobody asked)" : fw.netlabel_owner()) << "\n";
  std::cout << "boot log:\n";
  if (fw.boot_messages().empty()) std::cout << "  (nothing)\n";
  for (const std::string& m : fw.boot_messages()) std::cout << "  LSM: " << m << "\n";
  return 0;
}

}  // namespace lsmsim::cli
