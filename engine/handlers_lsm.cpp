// Steps that call the LSM syscalls (model/syscalls/lsm.h). User memory is sized by the step:
// `ctx:`/`ids:` say how many bytes are mapped (default: *size bytes) or NULL, `size:` the
// value *size holds (default a page) or NULL. What the call wrote is shown as data and kept
// for the size/entries/ids expectations.
#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/call.h"
#include "engine/symbols.h"
#include "model/lsm/lsm_uapi.h"
#include "model/syscalls/lsm.h"

namespace lsmsim::engine {

namespace {

constexpr std::uint32_t kPage = 4096;

// strace's way of showing a value-result argument: "[4096 => 80]".
std::string size_shown(const std::optional<std::uint32_t>& in, const UserWord& after) {
  if (!in) return "NULL";
  if (after.value() == *in) return "[" + std::to_string(*in) + "]";
  return "[" + std::to_string(*in) + " => " + std::to_string(after.value()) + "]";
}

std::string entry_shown(Kernel& k, const LsmCtxEntry& e) {
  return "{id=" + lsm_id_shown(k, e.id) + ", flags=" + std::to_string(e.flags) +
         ", len=" + std::to_string(e.len) + ", ctx_len=" + std::to_string(e.ctx_len) +
         ", ctx=" + quote(e.ctx) + "}";
}

SysResult do_lsm_get_self_attr(Call& c) {
  const auto attr = static_cast<unsigned>(c.number("attr"));
  const auto flags = static_cast<std::uint32_t>(c.flags("flags"));
  const std::optional<std::uint32_t> size_in = c.user_size("size", kPage);
  const std::optional<std::uint32_t> mapped = c.user_size("ctx", size_in.value_or(kPage));
  std::vector<std::byte> mem(mapped.value_or(0));
  if (c.has("id") && mem.size() >= kLsmCtxHeaderSize) {
    // LSM_FLAG_SINGLE reads the LSM to ask from the header the caller filled in.
    const std::uint64_t header[4] = {c.lsm_id("id"), 0, 0, 0};
    std::memcpy(mem.data(), header, sizeof header);
  }
  UserBuffer ctx = mapped ? UserBuffer(mem.data(), mem.size()) : UserBuffer();
  UserWord word(size_in.value_or(0));
  Kernel& k = c.caller.kernel;
  SysResult r = sys_lsm_get_self_attr(c.caller, attr, ctx, size_in ? &word : nullptr, flags);
  c.rendered = "lsm_get_self_attr(" + lsm_attrs().render(attr) + ", " +
               (mapped ? "ctx[" + std::to_string(*mapped) + "]" : std::string("NULL")) + ", " +
               size_shown(size_in, word) + ", " + lsm_flags().render(flags) + ")";

  LsmCallOutput out;
  if (size_in) out.size = word.value();
  if (r.ok() && mapped)
    out.entries = lsm_ctx_parse(mem.data(), std::min<std::size_t>(word.value(), mem.size()));
  c.show_data = true;
  if (r.ok()) {
    r.data.clear();
    for (const LsmCtxEntry& e : out.entries) r.data += entry_shown(k, e) + "\n";
  }
  c.lsm_out = std::move(out);
  return r;
}

SysResult do_lsm_set_self_attr(Call& c) {
  const auto attr = static_cast<unsigned>(c.number("attr"));
  const std::uint64_t id = c.lsm_id("id");
  const std::string label = c.text("ctx");
  // A label is passed NUL-terminated, as the uapi header asks.
  const std::string value = label + '\0';
  std::vector<std::byte> mem =
      lsm_ctx_pack(id, value, static_cast<std::uint64_t>(c.number("lsm_flags")));
  auto set_u64 = [&](std::size_t off, std::uint64_t v) { std::memcpy(mem.data() + off, &v, 8); };
  if (c.has("len")) set_u64(16, static_cast<std::uint64_t>(c.number("len")));
  if (c.has("ctx_len")) set_u64(24, static_cast<std::uint64_t>(c.number("ctx_len")));
  const auto size =
      static_cast<std::uint32_t>(c.number("size", static_cast<long long>(mem.size())));
  const auto flags = static_cast<std::uint32_t>(c.flags("flags"));
  UserBuffer ctx(mem.data(), mem.size());
  c.rendered = "lsm_set_self_attr(" + lsm_attrs().render(attr) +
               ", {id=" + lsm_id_shown(c.caller.kernel, id) + ", ctx=" + quote(value) + "}, " +
               std::to_string(size) + ", " + lsm_flags().render(flags) + ")";
  return sys_lsm_set_self_attr(c.caller, attr, ctx, size, flags);
}

SysResult do_lsm_list_modules(Call& c) {
  const auto flags = static_cast<std::uint32_t>(c.number("flags"));
  const std::optional<std::uint32_t> size_in = c.user_size("size", kPage);
  const std::optional<std::uint32_t> mapped = c.user_size("ids", size_in.value_or(kPage));
  std::vector<std::byte> mem(mapped.value_or(0));
  UserBuffer ids = mapped ? UserBuffer(mem.data(), mem.size()) : UserBuffer();
  UserWord word(size_in.value_or(0));
  SysResult r = sys_lsm_list_modules(c.caller, ids, size_in ? &word : nullptr, flags);
  c.rendered = "lsm_list_modules(" +
               (mapped ? "ids[" + std::to_string(*mapped) + "]" : std::string("NULL")) + ", " +
               size_shown(size_in, word) + ", " + std::to_string(flags) + ")";

  LsmCallOutput out;
  if (size_in) out.size = word.value();
  c.show_data = true;
  if (r.ok()) {
    for (long i = 0; i < r.ret; ++i) {
      std::uint64_t id;
      std::memcpy(&id, mem.data() + i * 8, sizeof id);
      out.ids.push_back(id);
      r.data += (i == 0 ? "" : " ") + lsm_id_shown(c.caller.kernel, id);
    }
  }
  c.lsm_out = std::move(out);
  return r;
}

}  // namespace

void add_lsm_handlers(std::map<std::string_view, Handler>& m) {
  m["lsm_get_self_attr"] = &do_lsm_get_self_attr;
  m["lsm_set_self_attr"] = &do_lsm_set_self_attr;
  m["lsm_list_modules"] = &do_lsm_list_modules;
}

}  // namespace lsmsim::engine
