// The selinuxfs files libselinux and tools read besides the transaction files: class/,
// initial_contexts/, checkreqprot, status, deny_unknown/reject_unknown, policy,
// avc/hash_stats; each instance shows its own namespace's policy.
#include <fcntl.h>
#include <sys/mount.h>

#include <cstring>

#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/namei.h"
#include "tests/selinux/selinux_support.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

struct Mounted : SelinuxKernel {
  Mounted() {
    BOOST_TEST_REQUIRE(ok(sys_mount(init(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  }
};

std::string cat(Task& t, const std::string& path) {
  SysResult r = read_file(t, path);
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

// The names a readdir of `path` shows (lsmsim has no getdents: the directory's own list).
std::vector<std::string> list_dir(Kernel& k, Task& t, const std::string& path) {
  Kernel::CurrentScope scope(k, t);
  PathStack st;
  BOOST_TEST_REQUIRE(path_lookup(t, path, LOOKUP_FOLLOW, st).ok());
  Inode& dir = *st.back().inode;
  BOOST_TEST_REQUIRE(dir.ops != nullptr);
  return dir.ops->list(dir, t);
}

struct Status {
  std::uint32_t version, sequence, enforcing, policyload, deny_unknown;
};

Status read_status(Task& t) {
  SysResult r = read_file(t, "/sys/fs/selinux/status");
  BOOST_TEST_REQUIRE(ok(r));
  BOOST_TEST_REQUIRE(r.data.size() == 20u);  // sizeof(struct selinux_kernel_status)
  Status s{};
  std::memcpy(&s, r.data.data(), sizeof s);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(selinuxfs_policy_files)

BOOST_AUTO_TEST_CASE(class_index_and_perms_are_the_policy_values) {
  Mounted sk;
  const sepolicy::SecurityServer& ss = *selinux_policy(sk.k);
  Task& init = sk.init();
  for (const char* cls : {"security", "file", "dir", "unix_stream_socket", "key"}) {
    const std::uint16_t v = ss.class_value(cls);
    BOOST_TEST(cat(init, std::string("/sys/fs/selinux/class/") + cls + "/index") ==
               std::to_string(v));
  }
  // Permission numbers are bit positions + 1, the common's permissions first.
  const std::uint16_t file = ss.class_value("file");
  for (const char* perm : {"ioctl", "read", "open", "execute_no_trans", "entrypoint"}) {
    const sepolicy::AccessVector bit = ss.perm_bit(file, perm);
    BOOST_TEST_REQUIRE(bit != 0u);
    const int n = __builtin_ctz(bit) + 1;
    BOOST_TEST(cat(init, std::string("/sys/fs/selinux/class/file/perms/") + perm) ==
               std::to_string(n));
  }
  BOOST_TEST(cat(init, "/sys/fs/selinux/class/file/perms/connectto") ==
             "<errno " + std::to_string(ENOENT) + ">");
  BOOST_TEST(cat(init, "/sys/fs/selinux/class/no_such_class/index") ==
             "<errno " + std::to_string(ENOENT) + ">");
  // Listings follow the policy.
  BOOST_TEST(list_dir(sk.k, init, "/sys/fs/selinux/class").size() == ss.policy().classes.size());
  const auto perms = list_dir(sk.k, init, "/sys/fs/selinux/class/dir/perms");
  BOOST_TEST(perms.size() == ss.policy().tclass(ss.class_value("dir"))->perms.size());
}

BOOST_AUTO_TEST_CASE(initial_contexts_carry_their_nul) {
  Mounted sk;
  Task& init = sk.init();
  BOOST_TEST(cat(init, "/sys/fs/selinux/initial_contexts/kernel") == kKernelCtx + '\0');
  BOOST_TEST(cat(init, "/sys/fs/selinux/initial_contexts/file") ==
             std::string("system_u:object_r:file_t:s0") + '\0');
  BOOST_TEST(cat(init, "/sys/fs/selinux/initial_contexts/devnull") ==
             "<errno " + std::to_string(ENOENT) + ">");
}

BOOST_AUTO_TEST_CASE(checkreqprot_reads_zero_and_ignores_writes) {
  Mounted sk;
  Task& init = sk.init();
  BOOST_TEST(cat(init, "/sys/fs/selinux/checkreqprot") == "0");
  BOOST_TEST(ok(write_file(init, "/sys/fs/selinux/checkreqprot", "1")));
  BOOST_TEST(cat(init, "/sys/fs/selinux/checkreqprot") == "0");
  BOOST_TEST(write_file(init, "/sys/fs/selinux/checkreqprot", "yes").err == EINVAL);
  // security:setcheckreqprot: user_t has none.
  Task& u = confined(sk);
  SysResult w = write_file(u, "/sys/fs/selinux/checkreqprot", "0");
  BOOST_TEST(w.err == EACCES);
  BOOST_TEST(reason(w).find("{ setcheckreqprot }") != std::string::npos, reason(w));
}

BOOST_AUTO_TEST_CASE(status_page_follows_setenforce_and_loads) {
  Mounted sk;
  Task& init = sk.init();
  SelinuxNamespace& ns = *sk.lsm().init_ns;
  Status s = read_status(init);
  BOOST_TEST(s.version == 1u);
  BOOST_TEST(s.sequence == 0u);
  BOOST_TEST(s.enforcing == 1u);
  BOOST_TEST(s.policyload == 0u);  // set by the next load, never by the page's allocation
  BOOST_TEST(s.deny_unknown == 1u);
  BOOST_TEST_REQUIRE(ok(write_file(init, "/sys/fs/selinux/enforce", "0")));
  s = read_status(init);
  BOOST_TEST(s.enforcing == 0u);
  BOOST_TEST(s.sequence == 2u);  // even: no update in progress
  BOOST_TEST_REQUIRE(ok(write_file(init, "/sys/fs/selinux/load", kTestPolicy)));
  s = read_status(init);
  BOOST_TEST(s.sequence == 4u);
  BOOST_TEST(s.policyload == ns.seqno);
  BOOST_TEST(s.policyload != 0u);
  BOOST_TEST(cat(init, "/sys/fs/selinux/deny_unknown") == "1");
  BOOST_TEST(cat(init, "/sys/fs/selinux/reject_unknown") == "0");
}

BOOST_AUTO_TEST_CASE(policy_needs_read_policy_and_has_no_binary) {
  Mounted sk;
  Task& u = confined(sk);
  SysResult r = sys_open(u, "/sys/fs/selinux/policy", O_RDONLY);
  // DAC first: 0400 root; user_t runs as root here, so SELinux decides.
  BOOST_TEST(r.err == EACCES);
  // (The open path reports filesystem refusals without the LSM's reason: the AVC record.)
  const auto& log = selinux_avc_records(sk.k);
  BOOST_TEST_REQUIRE(!log.empty());
  BOOST_TEST(log.back().find("{ read_policy }") != std::string::npos, log.back());
  SysResult i = sys_open(sk.init(), "/sys/fs/selinux/policy", O_RDONLY);
  BOOST_TEST(i.err == EINVAL);  // lsmsim writes no binary policy (documented divergence)
}

BOOST_AUTO_TEST_CASE(hash_stats_counts_the_cache) {
  Mounted sk;
  const std::string h = cat(sk.init(), "/sys/fs/selinux/avc/hash_stats");
  BOOST_TEST(h == sk.lsm().init_ns->avc.hash_stats_text());
  BOOST_TEST(h.rfind("entries: ", 0) == 0u, h);
  BOOST_TEST(h.find("buckets used: ") != std::string::npos, h);
  BOOST_TEST(h.find("/512") != std::string::npos, h);
}

BOOST_AUTO_TEST_CASE(each_instance_shows_its_namespace) {
  Mounted sk;
  Task& t = spawn(sk.init());
  BOOST_TEST_REQUIRE(ok(write_file(t, "/sys/fs/selinux/unshare", "1")));
  unshare_mnt(sk.k, t);
  BOOST_TEST_REQUIRE(ok(sys_mount(t, "none", "/", "", MS_REC | MS_PRIVATE)));
  BOOST_TEST_REQUIRE(ok(sys_mount(t, "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  // The child has no policy: no classes, no initial contexts, permissive.
  BOOST_TEST(list_dir(sk.k, t, "/sys/fs/selinux/class").empty());
  BOOST_TEST(cat(t, "/sys/fs/selinux/class/file/index") ==
             "<errno " + std::to_string(ENOENT) + ">");
  BOOST_TEST(read_status(t).enforcing == 0u);
  SysResult p = sys_open(t, "/sys/fs/selinux/policy", O_RDONLY);
  BOOST_TEST(p.err == EINVAL);  // no policy in this namespace: the kernel's errno too
  // Once it loads one, its class numbers are its own policy's.
  BOOST_TEST_REQUIRE(ok(write_file(t, "/sys/fs/selinux/load", kTestPolicy)));
  BOOST_TEST(cat(t, "/sys/fs/selinux/class/file/index") ==
             std::to_string(selinux_policy(sk.k, &t)->class_value("file")));
  // The host's instance is unchanged.
  BOOST_TEST(read_status(sk.init()).enforcing == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
