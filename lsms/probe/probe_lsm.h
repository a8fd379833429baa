// The probe LSM: an lsmsim test device, not a kernel LSM. Each instance registers the hooks
// it is told to and answers each with a fixed value, so scenarios, tests and benchmarks can
// stack any number of LSMs and watch the framework's dispatch rules at work.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/lsm/hooks.h"
#include "model/lsm/lsm_module.h"

namespace lsmsim {

struct ProbeSpec {
  std::string name;                // as used in lsm= and /sys/kernel/security/lsm
  std::uint64_t id = 0;            // lsm_id; probes use 1000 + n so they never clash
  LsmOrder order = LsmOrder::mutable_order;
  bool exclusive = false;          // LSM_FLAG_EXCLUSIVE
  LsmBlobSizes blobs;              // blob space to ask for
  std::map<Hook, int> answers;     // hooks to register, with the value each returns
  std::string attr_value;          // what getprocattr/getselfattr report ("" = nothing)
};

// A descriptor whose module is a probe following `spec` (a copy travels in the descriptor).
LsmDescriptor make_probe_descriptor(const ProbeSpec& spec);

// How many times each hook reached the probe (hooks never called are absent).
class ProbeLsm;
std::map<Hook, std::uint64_t> probe_call_counts(const LsmModule& probe);
bool is_probe(const LsmModule& m);

}  // namespace lsmsim
