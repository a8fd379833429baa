#include "engine/policy_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/yaml_view.h"
#include "lsms/selinux/policy/policy_parser.h"

namespace lsmsim::engine {

std::string resolve_scenario_path(const std::string& name, const std::string& base_dir) {
  std::filesystem::path p(name);
  if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
  return p.lexically_normal().string();
}

PolicyFile load_policy_file(const std::string& name, const std::string& base_dir,
                            SourcePos pos) {
  PolicyFile pf;
  pf.path = resolve_scenario_path(name, base_dir);
  std::error_code ec;
  if (std::filesystem::is_directory(pf.path, ec))
    fail(pos, "policy " + pf.path + " is a directory, not a policy.conf file");
  std::ifstream in(pf.path, std::ios::binary);
  if (!in) fail(pos, "cannot read policy " + pf.path + ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  pf.text = buf.str();
  try {
    sepolicy::PolicyParseOptions opt;
    opt.filename = pf.path;
    opt.mls = sepolicy::policy_conf_is_mls(pf.text);
    (void)sepolicy::parse_policy_conf(pf.text, opt);
  } catch (const sepolicy::PolicyError& e) {
    fail(pos, std::string("the policy does not load: ") + e.what());
  }
  return pf;
}

}  // namespace lsmsim::engine
