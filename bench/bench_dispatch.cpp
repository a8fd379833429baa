// What does stacking cost per hook call? Times the framework's generic dispatch for 0..8
// stacked probe LSMs under both strategies (the pre-6.12 hook list, the 6.12 slot table):
//   * an int hook (file_permission) every LSM allows, so no short-circuit: every callback runs;
//   * the same hook where the last LSM denies (the denial is recorded, as on every real denial);
//   * a void hook (file_free_security), which always calls every LSM.
// One iteration is one security_<hook>() call, so Google Benchmark's time column is ns/call.
// Each kernel is checked before timing: the callback count and the dispatch result.
#include <benchmark/benchmark.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>

#include "lsms/probe/probe_lsm.h"
#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/vfs/inode.h"

namespace lsmsim {
namespace {

constexpr int kMayRead = 4;  // MAY_READ

// A kernel with `n` probes answering file_permission (0, or -EACCES for the last one if
// `last_denies`) and registering file_free_security.
std::unique_ptr<Kernel> make_kernel(int n, DispatchStrategy strategy, bool last_denies) {
  KernelConfig c;
  c.catalog = builtin_lsm_catalog();
  c.dispatch = strategy;
  std::string order;
  for (int i = 0; i < n; ++i) {
    ProbeSpec s;
    s.name = "probe" + std::to_string(i);
    s.id = 1000u + static_cast<unsigned>(i);
    s.answers[Hook::file_permission] = (last_denies && i == n - 1) ? -EACCES : 0;
    s.answers[Hook::file_free_security] = 0;
    c.catalog.push_back(make_probe_descriptor(s));
    order += (order.empty() ? "" : ",") + s.name;
  }
  c.lsm.lsm = n == 0 ? std::string("capability") : order;
  return std::make_unique<Kernel>(std::move(c));
}

// Fails the benchmark (rather than timing the wrong thing) if the set-up is not as intended.
bool check(benchmark::State& state, bool ok, const char* what) {
  if (!ok) state.SkipWithError(what);
  return ok;
}

template <DispatchStrategy S, bool kLastDenies>
void bm_int_hook(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto k = make_kernel(n, S, kLastDenies);
  LsmFramework& fw = k->lsm();
  File file(*k);
  if (!check(state, fw.hook_count(Hook::file_permission) == static_cast<std::size_t>(n),
             "wrong number of file_permission callbacks") ||
      !check(state, security_file_permission(fw, file, kMayRead) == (kLastDenies ? -EACCES : 0),
             "unexpected dispatch result"))
    return;
  for (auto _ : state) {
    int rc = security_file_permission(fw, file, kMayRead);
    benchmark::DoNotOptimize(rc);
  }
  state.counters["lsms"] = n;
}

template <DispatchStrategy S>
void bm_void_hook(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto k = make_kernel(n, S, false);
  LsmFramework& fw = k->lsm();
  File file(*k);
  if (!check(state, fw.hook_count(Hook::file_free_security) == static_cast<std::size_t>(n),
             "wrong number of file_free_security callbacks"))
    return;
  for (auto _ : state) {
    security_file_free_security(fw, file);
    benchmark::ClobberMemory();
  }
  state.counters["lsms"] = n;
}

constexpr auto kSlots = DispatchStrategy::slot_table;
constexpr auto kList = DispatchStrategy::hook_list;

BENCHMARK(bm_int_hook<kSlots, false>)->Name("int_hook_all_allow/slot_table")->DenseRange(0, 8);
BENCHMARK(bm_int_hook<kList, false>)->Name("int_hook_all_allow/hook_list")->DenseRange(0, 8);
BENCHMARK(bm_int_hook<kSlots, true>)->Name("int_hook_last_denies/slot_table")->DenseRange(1, 8);
BENCHMARK(bm_int_hook<kList, true>)->Name("int_hook_last_denies/hook_list")->DenseRange(1, 8);
BENCHMARK(bm_void_hook<kSlots>)->Name("void_hook/slot_table")->DenseRange(0, 8);
BENCHMARK(bm_void_hook<kList>)->Name("void_hook/hook_list")->DenseRange(0, 8);

}  // namespace
}  // namespace lsmsim

BENCHMARK_MAIN();
