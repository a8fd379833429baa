// AppArmor's profile language (apparmor.d(5), apparmor_parser 3.0): preprocessing
// (#include/include [if exists] of files and directories, abi, variables @{VAR} = / +=,
// with alternation expansion), then profiles, child profiles and hats with their rules,
// compiled into Profile objects. Rule kinds lsmsim does not mediate are collected as
// warnings (kind and position), never dropped silently.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/profile.h"
#include "model/parse_error.h"

namespace lsmsim::aa {

// A profile that cannot be loaded. what() is "file:line:col: message"; for an error inside
// an included file, the position is in that file and includes() names the chain.
class ProfileError : public ParseError {
 public:
  using ParseError::ParseError;
  // The include directives that led to file(), outermost first (empty for the text
  // passed in). Not part of what().
  const std::vector<SourcePos>& includes() const { return includes_; }
  void set_includes(std::vector<SourcePos> chain) { includes_ = std::move(chain); }

 private:
  std::vector<SourcePos> includes_;
};

struct ProfileParseOptions {
  std::string filename = "profile";                             // for messages
  std::vector<std::string> include_dirs = {"/etc/apparmor.d"};  // `-I`; <name> searches these
  // `"relative"` includes resolve against the including file's folder; this is the
  // folder of the text passed in (empty: the current directory).
  std::string base_dir;
  std::string ns;  // apparmor_parser -n: the namespace for profiles that name none
};

struct ProfileWarning {
  SourcePos pos;
  std::string message;  // e.g. "dbus rules are not mediated by lsmsim"
};

struct ParsedProfiles {
  std::vector<std::unique_ptr<Profile>> profiles;  // top-level profiles, children inside
  std::vector<ProfileWarning> warnings;
};

// Throws ProfileError.
ParsedProfiles parse_profiles(std::string_view text, const ProfileParseOptions& options);

}  // namespace lsmsim::aa
