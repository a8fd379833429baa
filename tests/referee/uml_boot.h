// Booting a real Linux kernel as the referee: Debian's user-mode-linux (linux.uml) runs as an
// ordinary process, with the host's / mounted read-only as its root (hostfs) and one host
// directory writable for the answers. One boot per batch; see docs/referee.md.
#pragma once

#include <string>
#include <vector>

namespace lsmsim::referee {

// A fresh directory under $TMPDIR (which must allow exec: UML maps its memory file there),
// removed at destruction unless LSMSIM_REFEREE_KEEP is set (and `keepable`).
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "lsmsim-referee-", bool keepable = true);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool keepable_;
};

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
// Runs argv (no shell) with output merged into *output; the exit status, -1 if not exited.
int run_program(const std::vector<std::string>& argv, std::string* output);

struct UmlBoot {
  std::string lsm;                   // lsm=
  std::vector<std::string> cmdline;  // more kernel parameters (e.g. enforcing=0)
  std::string script;                // sh lines run by init; $OUT is the writable dir
  int timeout_seconds = 60;
};

struct UmlResult {
  bool ok = false;         // exited 0 within the time, init script ran to its end
  std::string failure;     // why not, with the tail of the console
  std::string active_lsm;  // /sys/kernel/security/lsm as the guest saw it
  std::string console;     // everything the kernel printed
  std::string out_dir;     // the guest's $OUT on the host
  double seconds = 0;
  std::string out(const std::string& name) const;  // a file the guest wrote into $OUT
};

// Where linux.uml is (LSMSIM_LINUX_UML, found by CMake; "" if it was not found).
std::string linux_uml_path();

// Boots linux.uml in `dir` (init.sh, out/ and the console log go there), waits at most the
// timeout, then kills the whole process group (UML's helper processes included) and checks
// that none is left. The init script mounts proc, sysfs, securityfs, a tmpfs on /run and the
// out dir (hostfs, at $OUT), records the active LSMs, runs `script`, then powers off with
// sysrq (and sleeps: init must not exit, that panics the kernel).
UmlResult uml_boot(const TempDir& dir, const UmlBoot& boot);

// A path the guest can be given unquoted (kernel parameters, sh lines): [A-Za-z0-9/._+-]+.
bool plain_path(const std::string& path);
std::string unplain_path_message(const std::string& path);

// The last `lines` lines of `text`.
std::string tail_lines(const std::string& text, std::size_t lines);

}  // namespace lsmsim::referee
