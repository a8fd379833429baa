// AppArmor profile files a scenario names (boot `apparmor: {profiles: [...]}`,
// `apparmor_parser: FILE`): read relative to the scenario's folder and parsed when the
// scenario is parsed, so a bad profile is bad input with both positions. Includes resolve as
// `apparmor_parser -I DIR` would with DIR = the profile file's own folder (`<abstractions/x>`
// is DIR/abstractions/x), never the host's /etc/apparmor.d: a scenario runs the same on every
// machine.
#pragma once

#include <string>

#include "engine/scenario_model.h"
#include "lsms/apparmor/policy/profile_parser.h"

namespace lsmsim::engine {

struct ProfileFile {
  std::string path;  // as resolved
  std::string text;  // the profile text
};

// The parse options for a profile file at `path` (include folder, filename, namespace).
aa::ProfileParseOptions profile_file_options(const std::string& path, const std::string& ns = {});

// Reads `name` (relative to `base_dir` unless absolute) and parses it. Throws BadInput at
// `pos` when it cannot be read or does not parse; the message carries the profile's own
// "file:line:col: message".
ProfileFile load_profile_file(const std::string& name, const std::string& base_dir, SourcePos pos);

}  // namespace lsmsim::engine
