// Running checkpolicy, loading both sides, and comparing one query at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lsms/selinux/policy/services.h"

namespace lsmsim::sepolicy::testing {

// A temporary directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs a shell command; returns its exit status and (merged) output.
int run_command(const std::string& cmd, std::string* output);
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

// Counters and the first disagreements of one comparison run.
struct Agreement {
  std::uint64_t contexts = 0, av = 0, create = 0, relabel = 0, member = 0, named = 0,
                validatetrans = 0;
  std::uint64_t disagreements = 0;
  // How much the agreement says: decisions with something allowed, with permissions cut by
  // a constraint, by RBAC or by typebounds, and labels that differ from the default.
  std::uint64_t nonempty = 0, constrained = 0, rbac = 0, bounded = 0, refused_labels = 0;
  std::vector<std::string> first;  // the first few, for the failure message
  void disagree(std::string what) {
    ++disagreements;
    if (first.size() < 12) first.push_back(std::move(what));
  }
  void add(const Agreement& other);
  std::uint64_t queries() const {
    return contexts + av + create + relabel + member + named + validatetrans;
  }
};

// Compares lsmsim's SecurityServer with the libsepol policy currently loaded (so_load).
class Comparator {
 public:
  explicit Comparator(SecurityServer& server);

  // Both parse (or both refuse) `text`; when valid, both print it the same. Returns the
  // libsepol SID and lsmsim context of a valid context.
  bool context(const std::string& text, Agreement& a, std::uint32_t* sid = nullptr,
               Context* ctx = nullptr);
  // Allowed permission names for one class, and the three new-label computations.
  void query(const std::string& scon, std::uint32_t ssid, const Context& s, const std::string& tcon,
             std::uint32_t tsid, const Context& t, const std::string& cls, Agreement& a,
             bool labels);
  // security_validate_transition() for every class: old and new object contexts, the task.
  void validatetrans(const std::string& oldc, std::uint32_t oldsid, const Context& o,
                     const std::string& newc, std::uint32_t newsid, const Context& n,
                     std::uint32_t tasksid, const Context& task, Agreement& a,
                     const std::string& only_class = {});
  bool set_boolean(const std::string& name, bool value);
  const std::vector<std::string>& classes() const { return class_names_; }

 private:
  SecurityServer& server_;
  std::vector<std::string> class_names_;  // libsepol's classes
  std::map<std::string, std::uint16_t> sepol_class_;
};

struct GeneratedPolicy;

// Random contexts of a generated policy (10% broken on purpose), every class for each valid
// pair, booleans flipped every 20 pairs.
void compare_generated(const GeneratedPolicy& gp, SecurityServer& server, int pairs,
                       std::uint64_t seed, Agreement& a);
// Queries along real rules of a large policy: a random avtab entry, concrete member types of
// its source and target in real contexts (user/role that may hold the type), levels s0 or
// random categories; some booleans flipped half way. Returns the queries made.
int compare_sample(SecurityServer& server, int queries, std::uint64_t seed, Agreement& a);

// Name-based type transitions, which sepol_transition_sid ignores: every entry of libsepol's
// filename_trans table (by names) must come out of lsmsim's compute_create with that name,
// and another name must give the unnamed result. At most `limit` entries.
void compare_named(SecurityServer& server, Agreement& a, std::size_t limit);

// Where two Policydbs of the same policy differ, compared by names (roles' types and
// dominance, users' roles and ranges, types' attribute sets, class permissions and
// constraint counts): "" when they match in all of that.
std::string policydb_differences(const Policydb& parsed, const Policydb& binary);

std::string report(const Agreement& a);
// checkpolicy -M -c 33; on error returns "" and puts checkpolicy's output in `error`.
std::string compile_policy(const TempDir& dir, const std::string& name, const std::string& text,
                           std::string* error);
std::string checkpolicy_path();

}  // namespace lsmsim::sepolicy::testing
