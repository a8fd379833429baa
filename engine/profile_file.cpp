#include "engine/profile_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/policy_file.h"
#include "engine/yaml_view.h"

namespace lsmsim::engine {

aa::ProfileParseOptions profile_file_options(const std::string& path, const std::string& ns) {
  aa::ProfileParseOptions opt;
  opt.filename = path;
  const std::string dir = std::filesystem::path(path).parent_path().string();
  opt.include_dirs = {dir.empty() ? "." : dir};
  opt.base_dir = dir;
  opt.ns = ns;
  return opt;
}

ProfileFile load_profile_file(const std::string& name, const std::string& base_dir,
                              SourcePos pos) {
  ProfileFile pf;
  pf.path = resolve_scenario_path(name, base_dir);
  std::error_code ec;
  if (std::filesystem::is_directory(pf.path, ec))
    fail(pos, "profile " + pf.path + " is a directory, not a file of AppArmor profiles");
  std::ifstream in(pf.path, std::ios::binary);
  if (!in) fail(pos, "cannot read profile " + pf.path + ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  pf.text = buf.str();
  try {
    (void)aa::parse_profiles(pf.text, profile_file_options(pf.path));
  } catch (const aa::ProfileError& e) {
    fail(pos, std::string("the profile does not load: ") + e.what());
  }
  return pf;
}

}  // namespace lsmsim::engine
