// How long does the full Debian reference policy take to load, and what does one uncached
// access decision cost on it? The policy is the binary the selinux-policy-default package
// builds (/etc/selinux/default/policy/policy.33), decompiled to policy.conf with
// `checkpolicy -M -b -F` once before timing (or the file named by LSMSIM_REFPOLICY_CONF).
// Before timing, the loaded policy is checked: its type count matches the text's
// `type` declarations and a known decision holds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include "lsms/selinux/policy/policy_parser.h"
#include "lsms/selinux/policy/services.h"

namespace lsmsim::sepolicy {
namespace {

const std::string& reference_policy_text() {
  static const std::string text = [] {
    std::string path;
    if (const char* p = std::getenv("LSMSIM_REFPOLICY_CONF")) {
      path = p;
    } else {
      path = (std::filesystem::temp_directory_path() / "lsmsim-bench-refpolicy.conf").string();
      const std::string cmd = "checkpolicy -M -b /etc/selinux/default/policy/policy.33 -F -o '" +
                              path + "' >/dev/null 2>&1";
      if (std::system(cmd.c_str()) != 0)
        throw std::runtime_error(
            "cannot decompile the reference policy (run scripts/setup.sh: checkpolicy and "
            "selinux-policy-default)");
    }
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }();
  return text;
}

std::size_t declared_types(const std::string& text) {
  std::size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("type ", 0) == 0) ++n;
  return n;
}

void BM_LoadReferencePolicy(benchmark::State& state) {
  const std::string& text = reference_policy_text();
  {
    const Policydb db = parse_policy_conf(text);
    std::size_t types = 0;
    for (const TypeDatum& t : db.types) types += t.attribute ? 0 : 1;
    if (types != declared_types(text)) {
      state.SkipWithError("type count does not match the policy text");
      return;
    }
  }
  for (auto _ : state) {
    Policydb db = parse_policy_conf(text);
    benchmark::DoNotOptimize(db.avtab.size());
  }
  state.counters["lines"] = static_cast<double>(std::count(text.begin(), text.end(), '\n'));
}
BENCHMARK(BM_LoadReferencePolicy)->Unit(benchmark::kMillisecond)->Iterations(3);

// One uncached compute_av between random real domains and file types, class file.
void BM_ComputeAvReferencePolicy(benchmark::State& state) {
  static const SecurityServer ss(parse_policy_conf(reference_policy_text()));
  const Policydb& db = ss.policy();
  std::vector<Context> subjects, objects;
  Context probe;
  if (ss.context_from_string("system_u:system_r:init_t:s0", probe) != 0) {
    state.SkipWithError("init_t is not a valid domain in the reference policy");
    return;
  }
  for (const TypeDatum& t : db.types) {
    if (t.attribute) continue;
    Context c;
    if (ss.context_from_string("system_u:system_r:" + t.name + ":s0", c) == 0)
      subjects.push_back(c);
    if (ss.context_from_string("system_u:object_r:" + t.name + ":s0", c) == 0)
      objects.push_back(c);
  }
  const std::uint16_t file = ss.class_value("file");
  if (subjects.empty() || objects.empty() || file == 0) {
    state.SkipWithError("no subjects/objects");
    return;
  }
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> ps(0, subjects.size() - 1), po(0, objects.size() - 1);
  for (auto _ : state) {
    const AvDecision d = ss.compute_av(subjects[ps(rng)], objects[po(rng)], file);
    benchmark::DoNotOptimize(d.allowed);
  }
}
BENCHMARK(BM_ComputeAvReferencePolicy);

}  // namespace
}  // namespace lsmsim::sepolicy

BENCHMARK_MAIN();
