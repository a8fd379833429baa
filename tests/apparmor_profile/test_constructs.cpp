// Each construct of the profile language, one by one, with the Profile fields it sets.
#include "model/capability.h"
#include "tests/apparmor_profile/profile_test_support.h"

namespace lsmsim::aa::test {

namespace {

FilePerms perms(const Profile& p, const std::string& path, bool owner = false) {
  return p.file.match(path, owner);
}

ExecMode exec_of(const std::string& mode, const std::string& target = "") {
  auto p =
      parse_one("profile e { /bin/t " + mode + (target.empty() ? "" : " -> " + target) + ", }");
  const FilePerms fp = perms(*p, "/bin/t");
  BOOST_TEST((fp.effective() & kMayExec) != 0u);
  return fp.exec;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(constructs)

BOOST_AUTO_TEST_CASE(a_path_rule_sets_file_permissions) {
  auto p = parse_one("profile a { /etc/passwd r, /var/log/** rw, /tmp/*.lock k, /lib/*.so mr, }");
  BOOST_TEST(p->name == "a");
  BOOST_TEST(p->ns == "");
  BOOST_TEST(!p->attachment.has_value());
  BOOST_TEST(perms(*p, "/etc/passwd").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/var/log/x/y").effective() == (kMayRead | kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/tmp/a.lock").effective() == kMayLock);
  BOOST_TEST(perms(*p, "/lib/libc.so").effective() == (kMayRead | kMayMmap));
  BOOST_TEST(perms(*p, "/etc/shadow").effective() == 0u);
  BOOST_TEST(p->file.rule_count() == 4u);
}

BOOST_AUTO_TEST_CASE(permissions_first_quoted_paths_and_the_file_keyword) {
  auto p = parse_one(
      "profile a { rw /srv/a, \"/opt/my dir/f\" a, file /etc/hosts r, file l /etc/ln, "
      "file rwlk \"/q r\", }");
  BOOST_TEST(perms(*p, "/srv/a").effective() == (kMayRead | kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/opt/my dir/f").effective() == kMayAppend);
  BOOST_TEST(perms(*p, "/etc/hosts").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/etc/ln").effective() == kMayLink);
  BOOST_TEST(perms(*p, "/q r").effective() ==
             (kMayRead | kMayWrite | kMayAppend | kMayLink | kMayLock));
}

BOOST_AUTO_TEST_CASE(owner_deny_and_audit_qualifiers) {
  auto p = parse_one(
      "profile a { owner /home/** rw, /etc/** r, deny /etc/shadow r, audit deny /etc/gshadow r, "
      "audit /etc/motd r, }");
  BOOST_TEST(perms(*p, "/home/u/f", true).effective() == (kMayRead | kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/home/u/f", false).effective() == 0u);
  const FilePerms shadow = perms(*p, "/etc/shadow");
  BOOST_TEST(shadow.effective() == 0u);
  BOOST_TEST(shadow.deny == kMayRead);
  BOOST_TEST(shadow.quiet == kMayRead);  // deny without audit: not logged
  const FilePerms gshadow = perms(*p, "/etc/gshadow");
  BOOST_TEST(gshadow.deny == kMayRead);
  BOOST_TEST(gshadow.quiet == 0u);
  BOOST_TEST(perms(*p, "/etc/motd").audit == kMayRead);
}

BOOST_AUTO_TEST_CASE(qualifier_blocks_apply_to_each_rule_inside) {
  auto p = parse_one("profile a { owner { /tmp/x rw, audit /tmp/y r, } { /z r, } }");
  BOOST_TEST(perms(*p, "/tmp/x", true).effective() == (kMayRead | kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/tmp/x", false).effective() == 0u);
  BOOST_TEST(perms(*p, "/tmp/y", true).audit == kMayRead);
  BOOST_TEST(perms(*p, "/z", false).effective() == kMayRead);
}

BOOST_AUTO_TEST_CASE(every_exec_mode_fills_exec_mode) {
  struct Case {
    const char* mode;
    ExecType type;
    bool scrub;
    ExecType fallback;
  };
  const Case cases[] = {
      {"ix", ExecType::inherit, false, ExecType::none},
      {"px", ExecType::profile, false, ExecType::none},
      {"Px", ExecType::profile, true, ExecType::none},
      {"cx", ExecType::child, false, ExecType::none},
      {"Cx", ExecType::child, true, ExecType::none},
      {"ux", ExecType::unconfined, false, ExecType::none},
      {"Ux", ExecType::unconfined, true, ExecType::none},
      {"pix", ExecType::profile, false, ExecType::inherit},
      {"Pix", ExecType::profile, true, ExecType::inherit},
      {"cix", ExecType::child, false, ExecType::inherit},
      {"Cix", ExecType::child, true, ExecType::inherit},
      {"pux", ExecType::profile, false, ExecType::unconfined},
      {"PUx", ExecType::profile, true, ExecType::unconfined},
      {"cux", ExecType::child, false, ExecType::unconfined},
      {"CUx", ExecType::child, true, ExecType::unconfined},
  };
  for (const Case& c : cases) {
    const ExecMode e = exec_of(c.mode);
    BOOST_TEST_INFO(c.mode);
    BOOST_TEST(
        (e.type == c.type && e.scrub == c.scrub && e.fallback == c.fallback && e.target.empty()));
  }
}

BOOST_AUTO_TEST_CASE(exec_targets_and_the_bare_x_with_a_target) {
  BOOST_TEST(exec_of("px", "other").target == "other");
  BOOST_TEST(exec_of("Cx", "child").target == "child");
  BOOST_TEST(exec_of("Px", ":ns:name").target == ":ns:name");
  BOOST_TEST(exec_of("px", "&stacked").target == "&stacked");
  // `x -> t` compiles as `Px -> t` (same DFA permissions in apparmor_parser -D rule-exprs).
  const ExecMode bare = exec_of("x", "t");
  BOOST_TEST((bare.type == ExecType::profile && bare.scrub && bare.target == "t"));
  // Repeats of one mode and an x after a qualified mode are accepted.
  BOOST_TEST((exec_of("pxpx").type == ExecType::profile));
  BOOST_TEST((exec_of("ixx").type == ExecType::inherit));
  BOOST_TEST((exec_of("rmix").type == ExecType::inherit));
}

BOOST_AUTO_TEST_CASE(deny_x_and_merged_rules_of_the_same_mode) {
  auto p = parse_one("profile a { /bin/x px, owner /bin/x px, audit /bin/x px, deny /bin/y x, }");
  BOOST_TEST((perms(*p, "/bin/x", true).exec.type == ExecType::profile));
  const FilePerms y = perms(*p, "/bin/y");
  BOOST_TEST(y.deny == kMayExec);
}

BOOST_AUTO_TEST_CASE(bare_file_allows_every_file_permission) {
  auto p = parse_one("profile a { file, }");
  const FilePerms fp = perms(*p, "/any/path/at/all");
  BOOST_TEST(fp.effective() ==
             (kMayRead | kMayWrite | kMayAppend | kMayLink | kMayLock | kMayMmap | kMayExec));
  BOOST_TEST((fp.exec.type == ExecType::inherit));
  BOOST_TEST(perms(*p, "/").effective() != 0u);
  auto o = parse_one("profile a { owner file, }");
  BOOST_TEST(perms(*o, "/x", false).effective() == 0u);
  BOOST_TEST(perms(*o, "/x", true).effective() != 0u);
}

BOOST_AUTO_TEST_CASE(repeated_slashes_are_collapsed) {
  auto p = parse_one("profile a { /usr//lib///x r, }");
  BOOST_TEST(perms(*p, "/usr/lib/x").effective() == kMayRead);
}

BOOST_AUTO_TEST_CASE(capability_rules_set_the_four_masks) {
  auto p = parse_one(
      "profile a { capability chown dac_override, capability net_raw, deny capability "
      "sys_admin, audit capability setuid, audit deny capability sys_module, }");
  const std::uint64_t bit = 1;
  BOOST_TEST(p->caps.allow == ((bit << CAP_CHOWN) | (bit << CAP_DAC_OVERRIDE) |
                               (bit << CAP_NET_RAW) | (bit << CAP_SETUID)));
  BOOST_TEST(p->caps.deny == ((bit << CAP_SYS_ADMIN) | (bit << CAP_SYS_MODULE)));
  BOOST_TEST(p->caps.audit == ((bit << CAP_SETUID) | (bit << CAP_SYS_MODULE)));
  BOOST_TEST(p->caps.quiet == (bit << CAP_SYS_ADMIN));
  auto all = parse_one("profile a { capability, }");
  BOOST_TEST(all->caps.allow == CapSet::full().bits());
}

BOOST_AUTO_TEST_CASE(network_rules) {
  auto p = parse_one(
      "profile a { network inet stream, network inet6 dgram, network netlink raw, network "
      "inet tcp, network udp, deny network bluetooth, audit network inet icmp, }");
  BOOST_TEST(!p->network_all);
  BOOST_REQUIRE_EQUAL(p->network.size(), 7u);
  auto is = [&](std::size_t i, int fam, int type, int proto, bool deny, bool audit) {
    const NetworkRule& r = p->network[i];
    BOOST_TEST_INFO("rule " << i);
    BOOST_TEST((r.family == fam && r.type == type && r.protocol == proto && r.deny == deny &&
                r.audit == audit));
  };
  is(0, 2, 1, -1, false, false);
  is(1, 10, 2, -1, false, false);
  is(2, 16, 3, -1, false, false);
  is(3, 2, 1, 6, false, false);
  is(4, -1, 2, 17, false, false);
  is(5, 31, -1, -1, true, false);
  is(6, 2, 3, 1, false, true);
  BOOST_TEST(p->network[0].pos.line == 1);
  auto all = parse_one("profile a { network, }");
  BOOST_TEST(all->network_all);
  BOOST_TEST(all->network.empty());
}

BOOST_AUTO_TEST_CASE(signal_rules) {
  auto p = parse_one(
      "profile a { signal, signal (send) set=(hup, term) peer=other, signal receive "
      "peer=unconfined, signal (send receive) set=(usr1 rtmin+3), deny signal w set=kill, }");
  BOOST_REQUIRE_EQUAL(p->signal.size(), 5u);
  BOOST_TEST(p->signal[0].perms == (kSignalSend | kSignalReceive));
  BOOST_TEST(p->signal[0].signals == ~std::uint64_t{0});
  BOOST_TEST(!p->signal[0].peer.has_value());
  BOOST_TEST(p->signal[1].perms == kSignalSend);
  BOOST_TEST(p->signal[1].signals == ((std::uint64_t{1} << 0) | (std::uint64_t{1} << 14)));
  BOOST_TEST(p->signal[1].peer->matches("other"));
  BOOST_TEST(!p->signal[1].peer->matches("others"));
  BOOST_TEST(p->signal[2].perms == kSignalReceive);
  BOOST_TEST(p->signal[3].signals == ((std::uint64_t{1} << 9) | (std::uint64_t{1} << 34)));
  BOOST_TEST(p->signal[4].deny);
  BOOST_TEST(p->signal[4].perms == kSignalSend);
  BOOST_TEST(p->signal[4].signals == (std::uint64_t{1} << 8));
}

BOOST_AUTO_TEST_CASE(ptrace_rules) {
  auto p = parse_one(
      "profile a { ptrace, ptrace (read, trace) peer=foo//*, ptrace readby, deny ptrace "
      "(tracedby), }");
  BOOST_REQUIRE_EQUAL(p->ptrace.size(), 4u);
  BOOST_TEST(p->ptrace[0].perms == (kPtraceRead | kPtraceTrace | kPtraceReadby | kPtraceTracedby));
  BOOST_TEST(p->ptrace[1].perms == (kPtraceRead | kPtraceTrace));
  BOOST_TEST(p->ptrace[1].peer->matches("foo//bar"));
  BOOST_TEST(p->ptrace[2].perms == kPtraceReadby);
  BOOST_TEST((p->ptrace[3].deny && p->ptrace[3].perms == kPtraceTracedby));
}

BOOST_AUTO_TEST_CASE(unix_rules) {
  auto p = parse_one(
      "profile a { unix, unix (send receive) type=stream addr=@foo peer=(label=bar, "
      "addr=@baz), unix (connect) type=dgram, deny unix (create), }");
  BOOST_REQUIRE_EQUAL(p->unix_rules.size(), 4u);
  BOOST_TEST(p->unix_rules[0].perms == kUnixAll);
  BOOST_TEST(p->unix_rules[0].type == -1);
  const UnixRule& r = p->unix_rules[1];
  BOOST_TEST(r.perms == (kUnixSend | kUnixReceive));
  BOOST_TEST(r.type == 1);
  BOOST_TEST(r.addr->matches("@foo"));
  BOOST_TEST(r.peer_label->matches("bar"));
  BOOST_TEST(r.peer_addr->matches("@baz"));
  BOOST_TEST((p->unix_rules[2].perms == kUnixConnect && p->unix_rules[2].type == 2));
  BOOST_TEST((p->unix_rules[3].deny && p->unix_rules[3].perms == kUnixCreate));
}

BOOST_AUTO_TEST_CASE(mount_rules) {
  auto p = parse_one(
      "profile a { mount, mount fstype=ext4 /dev/sda1 -> /mnt/, mount options=(ro,bind) /a/ -> "
      "/b/, mount fstype=(proc sysfs) -> /proc/, remount /data/, umount /mnt/**, pivot_root "
      "oldroot=/n/old/ /n/, deny mount fstype=nfs, }");
  BOOST_REQUIRE_EQUAL(p->mount.size(), 8u);
  BOOST_TEST((p->mount[0].kind == MountKind::mount && p->mount[0].fstypes.empty() &&
              !p->mount[0].source && !p->mount[0].mountpoint));
  BOOST_TEST(p->mount[1].fstypes == std::vector<std::string>{"ext4"});
  BOOST_TEST(p->mount[1].source->matches("/dev/sda1"));
  BOOST_TEST(p->mount[1].mountpoint->matches("/mnt/"));
  BOOST_TEST((p->mount[2].options == std::vector<std::string>{"ro", "bind"}));
  BOOST_TEST((p->mount[3].fstypes == std::vector<std::string>{"proc", "sysfs"}));
  BOOST_TEST(!p->mount[3].source.has_value());
  BOOST_TEST((p->mount[4].kind == MountKind::remount && p->mount[4].mountpoint->matches("/data/")));
  BOOST_TEST(
      (p->mount[5].kind == MountKind::umount && p->mount[5].mountpoint->matches("/mnt/x/y")));
  BOOST_TEST((p->mount[6].kind == MountKind::pivot_root && p->mount[6].mountpoint->matches("/n/") &&
              p->mount[6].source->matches("/n/old/")));
  BOOST_TEST(p->mount[7].deny);
}

BOOST_AUTO_TEST_CASE(change_profile_rules) {
  auto p = parse_one(
      "profile a { change_profile, change_profile -> php-fpm//*, change_profile /usr/bin/x -> "
      "xp, change_profile safe /usr/bin/y -> yp, change_profile -> &stacked, }");
  BOOST_REQUIRE_EQUAL(p->change_profile.size(), 5u);
  BOOST_TEST(!p->change_profile[0].exec.has_value());
  BOOST_TEST(p->change_profile[0].target.matches("anything//at/all"));
  BOOST_TEST(p->change_profile[1].target.matches("php-fpm//www"));
  BOOST_TEST(!p->change_profile[1].target.matches("other"));
  BOOST_TEST(p->change_profile[2].exec->matches("/usr/bin/x"));
  BOOST_TEST(p->change_profile[2].target.pattern() == "xp");
  BOOST_TEST(p->change_profile[3].exec->matches("/usr/bin/y"));
  BOOST_TEST(p->change_profile[4].stack_only);
  BOOST_TEST(p->change_profile[4].target.pattern() == "stacked");
}

BOOST_AUTO_TEST_CASE(userns_rules_of_newer_apparmor) {
  auto p = parse_one("profile a { userns, }");
  BOOST_TEST((p->userns_create && !p->userns_deny));
  auto c = parse_one("profile a { userns create, }");
  BOOST_TEST(c->userns_create);
  auto d = parse_one("profile a { deny userns create, }");
  BOOST_TEST((d->userns_deny && !d->userns_create));
}

// Ubuntu 24.04's unprivileged_userns profile (AppArmor 4 syntax; see corpus/newer).
BOOST_AUTO_TEST_CASE(an_ubuntu_24_04_userns_profile) {
  const ParsedProfiles r = parse(
      "abi <abi/4.0>,\ninclude <tunables/global>\n"
      "profile unprivileged_userns flags=(attach_disconnected) {\n"
      "  audit deny capability,\n  audit deny change_profile,\n  allow all,\n  userns,\n}\n");
  const Profile& p = *r.profiles[0];
  BOOST_TEST(p.userns_create);
  BOOST_TEST(p.attach_disconnected);
  BOOST_TEST(p.caps.deny == CapSet::full().bits());
  BOOST_TEST(p.caps.audit == CapSet::full().bits());
  BOOST_REQUIRE_EQUAL(p.change_profile.size(), 1u);
  BOOST_TEST((p.change_profile[0].deny && p.change_profile[0].audit));
  BOOST_REQUIRE_EQUAL(r.warnings.size(), 2u);  // abi/4.0 missing, `all` not mediated
  BOOST_TEST(r.warnings[0].message.find("abi/4.0") != std::string::npos);
  BOOST_TEST(r.warnings[1].message.find("'all'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(profile_headers_attachments_and_flags) {
  const ParsedProfiles r = parse(
      "profile named /usr/bin/named* flags=(complain) { }\n"
      "/usr/sbin/daemon flags=(attach_disconnected, mediate_deleted) { }\n"
      "profile killer (kill) { }\n"
      "profile \"quoted name\" \"/usr/bin/with space\" flags=(audit, unconfined) { }\n");
  BOOST_REQUIRE_EQUAL(r.profiles.size(), 4u);
  const Profile& a = *r.profiles[0];
  BOOST_TEST(a.name == "named");
  BOOST_TEST(a.attachment->matches("/usr/bin/named-checkconf"));
  BOOST_TEST((a.mode == ProfileMode::complain));
  const Profile& b = *r.profiles[1];
  BOOST_TEST(b.name == "/usr/sbin/daemon");
  BOOST_TEST(b.attachment->matches("/usr/sbin/daemon"));
  BOOST_TEST(b.attach_disconnected);
  BOOST_TEST((b.mode == ProfileMode::enforce));
  BOOST_TEST((r.profiles[2]->mode == ProfileMode::kill));
  const Profile& d = *r.profiles[3];
  BOOST_TEST(d.name == "quoted name");
  BOOST_TEST(d.attachment->matches("/usr/bin/with space"));
  BOOST_TEST(d.audit_all);
  BOOST_TEST((d.mode == ProfileMode::unconfined));
  BOOST_TEST(std::string(profile_mode_name(ProfileMode::complain)) == "complain");
  BOOST_TEST(r.profiles[1]->pos.line == 2);
}

BOOST_AUTO_TEST_CASE(children_and_hats_are_nested_with_hnames) {
  auto p = parse_one(
      "profile parent /usr/sbin/p {\n"
      "  /usr/sbin/helper Cx -> helper,\n"
      "  profile helper { /usr/sbin/helper r, profile grand { } }\n"
      "  ^hat_a { /tmp/a rw, }\n"
      "  hat hat_b { }\n"
      "}\n");
  BOOST_REQUIRE_EQUAL(p->children.size(), 3u);
  const Profile& helper = *p->children[0];
  BOOST_TEST(helper.name == "parent//helper");
  BOOST_TEST(!helper.is_hat);
  BOOST_REQUIRE_EQUAL(helper.children.size(), 1u);
  BOOST_TEST(helper.children[0]->name == "parent//helper//grand");
  BOOST_TEST(p->children[1]->name == "parent//hat_a");
  BOOST_TEST(p->children[1]->is_hat);
  BOOST_TEST(!p->children[1]->attachment.has_value());
  BOOST_TEST(perms(*p->children[1], "/tmp/a").effective() ==
             (kMayRead | kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/tmp/a").effective() == 0u);
  BOOST_TEST((p->children[2]->name == "parent//hat_b" && p->children[2]->is_hat));
  BOOST_TEST(p->children[1]->pos.line == 4);
}

// apparmor_parser adds owner-only access to the attr files to a profile with children
// and to each hat (seen with -D rule-exprs); a profile without children gets none.
BOOST_AUTO_TEST_CASE(profiles_with_hats_get_the_parsers_change_hat_rules) {
  auto p = parse_one("profile a { ^h { } }");
  BOOST_TEST(perms(*p, "/proc/12/attr/current", true).effective() == kMayWrite);
  BOOST_TEST(perms(*p, "/proc/12/attr/current", false).effective() == 0u);
  BOOST_TEST(perms(*p, "/proc/self/attr/apparmor/", true).effective() == kMayRead);
  BOOST_TEST(perms(*p->children[0], "/proc/1/attr/apparmor/current", true).effective() ==
             kMayWrite);
  auto plain = parse_one("profile a { }");
  BOOST_TEST(plain->file.rule_count() == 0u);
  // With a change_profile rule (even a deny one): write to current and exec, any /proc entry.
  auto cp = parse_one("profile a { deny change_profile -> b, }");
  BOOST_TEST(perms(*cp, "/proc/self/attr/exec", true).effective() == kMayWrite);
  BOOST_TEST(perms(*cp, "/proc/1/attr/apparmor/current", true).effective() == kMayWrite);
  BOOST_TEST(perms(*cp, "/proc/1/attr/exec", false).effective() == 0u);
  BOOST_TEST(perms(*p, "/proc/1/attr/exec", true).effective() == 0u);
}

BOOST_AUTO_TEST_CASE(namespaces_from_names_and_from_the_options) {
  const ParsedProfiles r = parse(
      "profile :ns1:web /usr/bin/web { profile c { } }\n"
      ":ns2:/usr/bin/db { }\n"
      "profile plain { }\n");
  BOOST_TEST(r.profiles[0]->ns == "ns1");
  BOOST_TEST(r.profiles[0]->name == "web");
  BOOST_TEST(r.profiles[0]->children[0]->ns == "ns1");
  BOOST_TEST(r.profiles[0]->children[0]->name == "web//c");
  BOOST_TEST(r.profiles[1]->ns == "ns2");
  BOOST_TEST(r.profiles[1]->name == "/usr/bin/db");
  BOOST_TEST(r.profiles[1]->attachment->matches("/usr/bin/db"));
  BOOST_TEST(r.profiles[2]->ns == "");
  ProfileParseOptions opt;
  opt.ns = "ctr";
  const ParsedProfiles n = parse("profile plain { }\nprofile :own:x { }\n", opt);
  BOOST_TEST(n.profiles[0]->ns == "ctr");
  BOOST_TEST(n.profiles[1]->ns == "own");
}

BOOST_AUTO_TEST_CASE(profile_name_variable_is_the_hname) {
  auto p = parse_one("profile a { /x/@{profile_name} r, profile c { /y/@{profile_name} r, } }");
  BOOST_TEST(perms(*p, "/x/a").effective() == kMayRead);
  BOOST_TEST(perms(*p->children[0], "/y/a/c").effective() ==
             kMayRead);  // "a//c", slashes collapsed
}

BOOST_AUTO_TEST_CASE(unmodelled_rules_become_located_warnings) {
  const ParsedProfiles r = parse(
      "alias /usr/ -> /mnt/usr/,\n"
      "profile a {\n"
      "  dbus send bus=session path=/org/foo member={Get,Set},\n"
      "  set rlimit nofile <= 1024,\n"
      "  link subset /a -> /b,\n"
      "  mqueue,\n"
      "  io_uring,\n"
      "  all,\n"
      "  /e l -> /f,\n"
      "}\n");
  BOOST_REQUIRE_EQUAL(r.warnings.size(), 8u);
  const char* words[] = {"alias", "dbus", "rlimit", "link", "mqueue", "io_uring", "all", "target"};
  for (std::size_t i = 0; i < 8; ++i) {
    BOOST_TEST_INFO(r.warnings[i].message);
    BOOST_TEST(r.warnings[i].message.find(words[i]) != std::string::npos);
    BOOST_TEST(r.warnings[i].pos.line == static_cast<int>(i == 0 ? 1 : i + 2));
    BOOST_TEST(r.warnings[i].pos.file == "profile");
  }
  BOOST_TEST(r.warnings[1].pos.column == 3);
  // The l permission itself is modelled, and a link rule's source gets it (apparmor_parser
  // compiles `link A -> B` into l on A plus the pair A\0B, which lsmsim does not model).
  BOOST_TEST(perms(*r.profiles[0], "/e").effective() == kMayLink);
  BOOST_TEST(perms(*r.profiles[0], "/a").effective() == kMayLink);
  BOOST_TEST(perms(*r.profiles[0], "/b").effective() == 0u);
}

// -D rule-exprs: `/x w` is 0x2800a (write and append on both sides), `/y a` is 0x20008,
// `owner link /l -> /t` puts l on /l for the owner only, `deny link` adds nothing on /l.
BOOST_AUTO_TEST_CASE(w_is_write_and_append_and_link_rules_give_l) {
  auto p = parse_one(
      "profile a { /x w, /y a, /z rw, owner link /l -> /t, audit link /m -> /t, "
      "deny link /n -> /t, /n r, }");
  BOOST_TEST(perms(*p, "/x").effective() == (kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/y").effective() == kMayAppend);
  BOOST_TEST(perms(*p, "/z").effective() == (kMayRead | kMayWrite | kMayAppend));
  BOOST_TEST(perms(*p, "/l", true).effective() == kMayLink);
  BOOST_TEST(perms(*p, "/l", false).effective() == 0u);
  BOOST_TEST(perms(*p, "/m").audit == kMayLink);
  BOOST_TEST(perms(*p, "/n").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/n").deny == 0u);
}

BOOST_AUTO_TEST_CASE(boolean_conditionals) {
  auto p = parse_one(
      "${on} = true\n${off} = false\n@{v} = x\n"
      "profile a {\n"
      "  if ${on} { /on r, } else { /else r, }\n"
      "  if not ${off} { /not_off r, }\n"
      "  if ${off} { /no r, } else if ${on} { /elif r, }\n"
      "  if defined @{v} { /def r, }\n"
      "  if defined @{nope} { /nodef r, @{nope}/x r, }\n"
      "}\n");
  BOOST_TEST(perms(*p, "/on").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/else").effective() == 0u);
  BOOST_TEST(perms(*p, "/not_off").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/no").effective() == 0u);
  BOOST_TEST(perms(*p, "/elif").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/def").effective() == kMayRead);
  BOOST_TEST(perms(*p, "/nodef").effective() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::aa::test
