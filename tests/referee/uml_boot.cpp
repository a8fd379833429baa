#include "tests/referee/uml_boot.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace lsmsim::referee {

namespace fs = std::filesystem;

TempDir::TempDir(const std::string& prefix, bool keepable) : keepable_(keepable) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + tmpl);
  path_ = tmpl;
}
TempDir::~TempDir() {
  // LSMSIM_REFEREE_KEEP=1 keeps the batch, answers, init.sh and console for a post-mortem.
  const char* keep = std::getenv("LSMSIM_REFEREE_KEEP");
  if (keepable_ && keep != nullptr && *keep != '\0' && std::string(keep) != "0") {
    std::fprintf(stderr, "referee: kept %s\n", path_.c_str());
    return;
  }
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string tail_lines(const std::string& text, std::size_t lines) {
  std::size_t at = text.size();
  for (std::size_t n = 0; at > 0 && n <= lines; --at)
    if (text[at - 1] == '\n') ++n;
  return text.substr(at == 0 ? 0 : at + 1);
}

bool plain_path(const std::string& path) {
  if (path.empty()) return false;
  for (const char c : path)
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("/._+-").find(c) ==
                                                            std::string_view::npos)
      return false;
  return true;
}

std::string unplain_path_message(const std::string& path) {
  return "the referee puts paths unquoted into kernel parameters and sh lines, so they may hold "
         "only A-Z a-z 0-9 / . _ + -: '" +
         path + "' (set TMPDIR, or the build directory, to such a path)";
}

std::string linux_uml_path() {
#ifdef LSMSIM_LINUX_UML
  return LSMSIM_LINUX_UML;
#else
  return "";
#endif
}

std::string UmlResult::out(const std::string& name) const {
  return read_text(out_dir + "/" + name);
}

namespace {

std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> v;
  for (auto& a : args) v.push_back(a.data());
  v.push_back(nullptr);
  return v;
}

// A child in its own process group, stdin from /dev/null, stdout+stderr into `log`.
pid_t spawn(std::vector<std::string> args, const std::string& log,
            const std::vector<std::pair<std::string, std::string>>& env) {
  std::vector<char*> argv = c_argv(args);
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    setpgid(0, 0);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    execv(argv[0], argv.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also here, so the group exists before we might kill it
  return pid;
}

// Waits for `pid` to exit (not reaping it) at most `timeout`; true if it exited in time.
bool wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    siginfo_t info;
    std::memset(&info, 0, sizeof info);
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid)
      return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Kills the group while its leader is an unreaped zombie (so the id cannot be reused), reaps
// the leader and then every other member: UML's helper processes are orphans by then, and
// this process is their subreaper (else they linger as zombies until PID 1 reaps them).
// Returns the leader's exit status, and whether the group emptied.
int kill_group_and_reap(pid_t pid, bool& group_gone) {
  kill(-pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  group_gone = false;
  for (int i = 0; i < 400; ++i) {
    int st = 0;
    while (waitpid(-pid, &st, WNOHANG) > 0) {
    }
    if (kill(-pid, 0) != 0 && errno == ESRCH) {
      group_gone = true;
      break;
    }
    kill(-pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status;
}

// PR_SET_CHILD_SUBREAPER for the scope of one boot.
class Subreaper {
 public:
  Subreaper() {
    int was = 0;
    prctl(PR_GET_CHILD_SUBREAPER, &was);
    was_ = was != 0;
    prctl(PR_SET_CHILD_SUBREAPER, 1);
  }
  ~Subreaper() {
    if (!was_) prctl(PR_SET_CHILD_SUBREAPER, 0);
  }
  Subreaper(const Subreaper&) = delete;
  Subreaper& operator=(const Subreaper&) = delete;

 private:
  bool was_ = false;
};

std::string init_script(const std::string& out, const std::string& body) {
  std::ostringstream s;
  s << "#!/bin/sh\n"
       "export PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
       "mount -t proc proc /proc\n"
       "mount -t sysfs sysfs /sys\n"
       "mount -t tmpfs tmpfs /run\n"
       "mkdir -p /run/out\n"
       "mount -t hostfs none /run/out -o "
    << out
    << "\n"
       "OUT=/run/out\n"
       "mount -t securityfs securityfs /sys/kernel/security\n"
       "cat /sys/kernel/security/lsm > $OUT/lsm\n"
       "(\n"
    << body
    << "\n) > $OUT/script.log 2>&1\n"
       "echo $? > $OUT/script.rc\n"
       "umount /run/out\n"
       "echo o > /proc/sysrq-trigger\n"
       // init must not exit before the power-off lands ("Attempted to kill init").
       "sleep 10\n";
  return s.str();
}

}  // namespace

int run_program(const std::vector<std::string>& argv, std::string* output) {
  TempDir dir("lsmsim-run-", false);
  const std::string log = dir.path() + "/out";
  const pid_t pid = spawn(argv, log, {});
  if (pid < 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  if (output) *output = read_text(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

UmlResult uml_boot(const TempDir& dir, const UmlBoot& boot) {
  UmlResult r;
  const std::string uml = linux_uml_path();
  if (uml.empty() || access(uml.c_str(), X_OK) != 0) {
    r.failure = "linux.uml not found (" + (uml.empty() ? "not found at configure time" : uml) +
                "): install user-mode-linux (scripts/setup.sh)";
    return r;
  }
  // The directory goes unquoted into the kernel command line (init=, uml_dir=) and into
  // init.sh; a kernel parameter cannot hold a space, so refuse rather than boot wrongly.
  if (!plain_path(dir.path())) {
    r.failure = unplain_path_message(dir.path());
    return r;
  }
  r.out_dir = dir.path() + "/out";
  fs::create_directories(r.out_dir);
  fs::create_directories(dir.path() + "/uml");
  const std::string init = dir.path() + "/init.sh";
  write_text(init, init_script(r.out_dir, boot.script));
  fs::permissions(init, fs::perms::owner_all);
  std::vector<std::string> args = {uml,
                                   "mem=256M",
                                   "rootfstype=hostfs",
                                   "rootflags=/",
                                   "ro",  // never the host's root read-write
                                   "init=" + init,
                                   "lsm=" + boot.lsm,
                                   "umid=referee",
                                   "uml_dir=" + dir.path() + "/uml",
                                   "con0=fd:0,fd:1",
                                   "con=null"};
  args.insert(args.end(), boot.cmdline.begin(), boot.cmdline.end());
  const std::string log = dir.path() + "/console.log";
  const auto start = std::chrono::steady_clock::now();
  const Subreaper subreaper;
  const pid_t pid = spawn(args, log, {{"TMPDIR", dir.path()}});
  if (pid < 0) {
    r.failure = std::string("fork failed: ") + std::strerror(errno);
    return r;
  }
  const bool in_time = wait_exit(pid, std::chrono::seconds(boot.timeout_seconds));
  bool group_gone = false;
  const int status = kill_group_and_reap(pid, group_gone);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.console = read_text(log);
  r.active_lsm = read_text(r.out_dir + "/lsm");
  while (!r.active_lsm.empty() && r.active_lsm.back() == '\n') r.active_lsm.pop_back();
  const std::string script_rc = read_text(r.out_dir + "/script.rc");
  std::string why;
  if (!in_time)
    why = "no power-off within " + std::to_string(boot.timeout_seconds) + " s (killed)";
  else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    why = WIFEXITED(status) ? "linux.uml exited with " + std::to_string(WEXITSTATUS(status))
                            : "linux.uml killed by signal " + std::to_string(WTERMSIG(status));
  else if (script_rc.empty())
    why = "the init script did not finish (no script.rc)";
  if (!group_gone) why += (why.empty() ? "" : "; ") + std::string("UML processes left running");
  if (!why.empty()) {
    r.failure = why + "\n--- console (tail) ---\n" + tail_lines(r.console, 25) +
                "--- script.log (tail) ---\n" +
                tail_lines(read_text(r.out_dir + "/script.log"), 15);
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace lsmsim::referee
