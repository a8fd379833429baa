// The apparmorfs policy tree (apparmorfs.c): the `policy` magic link shows the reader's own
// namespace; namespaces/ mkdir/rmdir (ns_mkdir_op, ns_rmdir_op); per-namespace .load files;
// profile directories `<mangled name>.<uniq_id>` with name, mode, attach.
#include <cerrno>

#include "tests/apparmor/apparmor_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

const std::string kAafs = "/sys/kernel/security/apparmor/";
const std::string kPolicy = kAafs + "policy/";

std::string read_or_errno(Task& t, const std::string& path) {
  SysResult r = read_file(t, path);
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(apparmorfs_policy)

BOOST_AUTO_TEST_CASE(mkdir_rmdir_namespaces_as_lxd_does) {
  Kernel k(aa_config());
  Task& root = spawn(k, k.init_task());
  const std::string ns = "lxd-c1_<var-snap-lxd-common-lxd>";
  BOOST_TEST(sys_mkdir(root, kPolicy + "namespaces/" + ns, 0755).ok());
  BOOST_TEST(apparmor_task_label(k, root) == "unconfined");
  // The VFS finds the existing directory first: EEXIST.
  BOOST_TEST(sys_mkdir(root, kPolicy + "namespaces/" + ns, 0755).err == EEXIST);
  // The new namespace's directory has the kernel's entries.
  const std::string dir = kPolicy + "namespaces/" + ns + "/";
  BOOST_TEST(read_or_errno(root, dir + "revision") == "<errno " + std::to_string(EAGAIN) + ">");
  // Loading through the namespace's own .load puts the profile there.
  BOOST_TEST(write_file(root, dir + ".load", "/usr/sbin/cupsd { }\n").ok());
  BOOST_TEST(read_file(root, kAafs + "profiles").data == ":" + ns + ":/usr/sbin/cupsd (enforce)\n");
  BOOST_TEST(read_or_errno(root, dir + "revision") == "1\n");
  BOOST_TEST(read_or_errno(root, dir + "profiles/usr.sbin.cupsd.0/name") == "/usr/sbin/cupsd\n");
  // A task in that namespace sees it as policy/ (the magic link follows the reader).
  Task& c1 = spawn(k, k.init_task());
  set_label(k, c1, ":" + ns + ":");
  BOOST_TEST(read_or_errno(c1, kPolicy + "profiles/usr.sbin.cupsd.0/mode") == "enforce\n");
  BOOST_TEST(read_or_errno(c1, kAafs + ".ns_name") == ns + "\n");
  BOOST_TEST(read_or_errno(c1, kAafs + ".ns_level") == "1\n");
  BOOST_TEST(read_or_errno(root, kAafs + ".ns_name") == "root\n");
  BOOST_TEST(read_or_errno(c1, kAafs + ".ns_stacked") == "no\n");
  // rmdir removes the namespace: its tasks go to the parent's unconfined.
  BOOST_TEST(sys_rmdir(root, kPolicy + "namespaces/" + ns).ok());
  BOOST_TEST(apparmor_task_label(k, c1) == "unconfined");
  BOOST_TEST(sys_rmdir(root, kPolicy + "namespaces/" + ns).err == ENOENT);
  BOOST_TEST(read_file(root, kAafs + "profiles").data == "");
}

BOOST_AUTO_TEST_CASE(mkdir_needs_policy_admin_and_the_vfs_checks) {
  Kernel k(aa_config());
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  // namespaces/ is root's 0755 directory: DAC refuses a plain user first.
  BOOST_TEST(sys_mkdir(user, kPolicy + "namespaces/x", 0755).err == EACCES);
  // A root without CAP_MAC_ADMIN passes DAC and is refused by ns_mkdir_op.
  Task& root = spawn(k, k.init_task());
  {
    int err = 0;
    auto c = k.prepare_creds(*root.cred, err);
    c->cap_effective.drop(CAP_MAC_ADMIN);
    k.commit_creds(root, c);
  }
  const SysResult r = sys_mkdir(root, kPolicy + "namespaces/x", 0755);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(last_record(k).find("info=\"not policy admin\"") != std::string::npos);
  // Other directories of the tree have no mkdir.
  Task& admin = spawn(k, k.init_task());
  BOOST_TEST(sys_mkdir(admin, kPolicy + "profiles/x", 0755).err == EPERM);
  BOOST_TEST(sys_mkdir(admin, kPolicy + "namespaces/a", 0755).ok());
  BOOST_TEST(sys_mkdir(admin, kPolicy + "namespaces/a/namespaces/b", 0755).ok());
  BOOST_TEST(apparmor_profile_list(k).empty());
  const SysResult w =
      write_file(admin, kPolicy + "namespaces/a/namespaces/b/.replace", "profile p { }\n");
  BOOST_TEST(w.ok(), "errno " << w.err);
  BOOST_TEST(apparmor_profile_list(k) == std::vector<std::string>{":a//b:p (enforce)"});
}

BOOST_AUTO_TEST_CASE(profile_directories_and_their_files) {
  Kernel k(aa_config());
  Task& root = spawn(k, k.init_task());
  BOOST_TEST(write_file(root, kAafs + ".load",
                        "profile foo /usr/bin/f* flags=(complain) { ^hat { } }\n"
                        "/usr/sbin/ntpd { }\n/usr/lib/* { }\n")
                 .ok());
  // One uniq_id per namespace, in load order; children under their parent's profiles/.
  const std::string p = kPolicy + "profiles/";
  BOOST_TEST(read_or_errno(root, p + "foo.0/name") == "foo\n");
  BOOST_TEST(read_or_errno(root, p + "foo.0/mode") == "complain\n");
  BOOST_TEST(read_or_errno(root, p + "foo.0/attach") == "/usr/bin/f*\n");
  BOOST_TEST(read_or_errno(root, p + "foo.0/profiles/hat.1/name") == "hat\n");
  BOOST_TEST(read_or_errno(root, p + "foo.0/profiles/hat.1/attach") == "hat\n");
  BOOST_TEST(read_or_errno(root, p + "usr.sbin.ntpd.2/attach") == "/usr/sbin/ntpd\n");
  BOOST_TEST(read_or_errno(root, p + "usr.lib..3/attach") == "<unknown>\n");
  // Replacement keeps the directory; removal and reload make a new one.
  BOOST_TEST(write_file(root, kAafs + ".replace", "/usr/sbin/ntpd flags=(kill) { }\n").ok());
  BOOST_TEST(read_or_errno(root, p + "usr.sbin.ntpd.2/mode") == "kill\n");
  BOOST_TEST(write_file(root, kPolicy + ".remove", "/usr/sbin/ntpd").ok());
  BOOST_TEST(read_or_errno(root, p + "usr.sbin.ntpd.2/mode") ==
             "<errno " + std::to_string(ENOENT) + ">");
  BOOST_TEST(write_file(root, kPolicy + ".load", "/usr/sbin/ntpd { }\n").ok());
  BOOST_TEST(read_or_errno(root, p + "usr.sbin.ntpd.4/mode") == "enforce\n");
  // The namespace's own files are 0640: a plain user cannot even open them.
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST(write_file(user, kPolicy + ".load", "x { }\n").err == EACCES);
}

BOOST_AUTO_TEST_SUITE_END()
