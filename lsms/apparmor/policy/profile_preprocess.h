// Preprocessing of AppArmor profiles: finding what an include names (apparmor_parser's
// parser_include.c: <magic> paths search the -I folders, "quoted" ones are files; a folder
// includes each of its files), and the variables: @{VAR} set variables with `=`/`+=` and
// their expansion into alternations, ${VAR} booleans (parser_variable.c, parser_symtab.c).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsms/apparmor/policy/profile.h"

namespace lsmsim::aa {

struct ProfileParseOptions;

// The files an include stands for, in the order the parser reads them: the file itself,
// or a folder's regular files sorted by name, without dotfiles and the backup/packaging
// names the parser skips (libapparmor's ignored suffixes). Empty optional: not found.
std::optional<std::vector<std::string>> resolve_include(const std::string& name, bool magic,
                                                        const std::string& including_dir,
                                                        const ProfileParseOptions& options);

// Whether the parser skips `name` inside an included folder.
bool include_skips_name(const std::string& name);

class ProfileVariables {
 public:
  // `@{name} = values` (error if already set) and `@{name} += values` (error if not set).
  void define(const std::string& name, std::vector<std::string> values, const SourcePos& pos);
  void append(const std::string& name, std::vector<std::string> values, const SourcePos& pos);
  void define_bool(const std::string& name, bool value, const SourcePos& pos);
  std::optional<bool> boolean(const std::string& name) const;
  // @{profile_name}: the parser defines it inside each profile as the profile's name.
  void set_profile_name(std::optional<std::string> name) { profile_name_ = std::move(name); }
  const std::optional<std::string>& profile_name() const { return profile_name_; }
  // While lenient, an undefined variable expands to nothing instead of failing.
  void set_lenient(bool on) { lenient_ = on; }
  bool is_defined(const std::string& name) const { return sets_.count(name) != 0; }

  // `text` with every @{VAR} replaced: by its value, or by `{v1,v2}` when it has several
  // (values referencing other variables count one value per combination, as
  // apparmor_parser expands them; see the .cpp for the slash rules). Throws ProfileError at `pos` for an
  // undefined variable or a cycle.
  std::string expand(const std::string& text, const SourcePos& pos) const;

 private:
  std::string expand_depth(const std::string& text, const SourcePos& pos, int depth) const;
  std::vector<std::string> values_of(const std::string& name, const SourcePos& pos,
                                     int depth) const;
  std::map<std::string, std::vector<std::string>> sets_;
  std::map<std::string, bool> bools_;
  std::optional<std::string> profile_name_;
  bool lenient_ = false;
};

}  // namespace lsmsim::aa
