// Helpers shared by the C++ tests: kernels with chosen LSM stacks.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "lsms/probe/probe_lsm.h"
#include "model/kernel.h"

namespace lsmsim::testing {

// A probe spec answering the given hooks with the given values.
inline ProbeSpec probe(std::string name, std::initializer_list<std::pair<Hook, int>> answers,
                       std::string attr_value = {}) {
  ProbeSpec s;
  s.name = std::move(name);
  static std::uint64_t next_id = 1000;
  s.id = next_id++;
  for (auto& [h, rc] : answers) s.answers[h] = rc;
  s.attr_value = std::move(attr_value);
  return s;
}

// A kernel whose catalog is the builtin one plus `probes`, with lsm= listing the probes
// in the given order after capability.
inline KernelConfig config_with(std::vector<ProbeSpec> probes,
                                DispatchStrategy strategy = DispatchStrategy::slot_table) {
  KernelConfig c;
  c.catalog = builtin_lsm_catalog();
  std::string order;
  for (const ProbeSpec& p : probes) {
    c.catalog.push_back(make_probe_descriptor(p));
    if (!order.empty()) order += ',';
    order += p.name;
  }
  c.lsm.lsm = order;
  c.dispatch = strategy;
  return c;
}

}  // namespace lsmsim::testing
