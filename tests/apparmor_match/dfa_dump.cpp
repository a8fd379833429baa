#include "tests/apparmor_match/dfa_dump.h"

#include <unistd.h>

#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace lsmsim::aa::testing {
namespace {

// "(0x 10004/2800a/0/2800a)" somewhere in `s`.
bool parse_perms(const std::string& s, DfaPerms* out) {
  static const std::regex re(R"(\(0x ([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)\))");
  std::smatch m;
  if (!std::regex_search(s, m, re)) return false;
  out->allow = static_cast<std::uint32_t>(std::stoul(m[1], nullptr, 16));
  out->deny = static_cast<std::uint32_t>(std::stoul(m[2], nullptr, 16));
  out->audit = static_cast<std::uint32_t>(std::stoul(m[3], nullptr, 16));
  out->quiet = static_cast<std::uint32_t>(std::stoul(m[4], nullptr, 16));
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::vector<DumpedDfa> DumpedDfa::parse_dump(const std::string& text) {
  static const std::regex block_start(R"(^\{(\d+)\} <== \(allow/deny/audit/quiet\)$)");
  static const std::regex state_line(R"(^\{(\d+)\} perms: (.*)$)");
  static const std::regex accept_line(R"(^\{(\d+)\} \(0x .*\)$)");
  std::vector<DumpedDfa> out;
  std::istringstream in(text);
  std::string line;
  DumpedDfa* cur = nullptr;
  State* state = nullptr;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, block_start)) {
      out.emplace_back();
      cur = &out.back();
      cur->start_ = std::stoi(m[1]);
      state = nullptr;
      continue;
    }
    if (cur == nullptr || line.empty()) continue;
    if (std::regex_match(line, m, state_line)) {
      state = &cur->states_[std::stoi(m[1])];
      const std::string rest = m[2];
      if (rest != "none" && !parse_perms(rest, &state->perms))
        throw std::runtime_error("dfa dump: unreadable perms in '" + line + "'");
      continue;
    }
    if (std::regex_match(line, m, accept_line)) {
      // Accepting states without edges appear only here.
      if (!parse_perms(line, &cur->states_[std::stoi(m[1])].perms))
        throw std::runtime_error("dfa dump: unreadable accept line: " + line);
      continue;
    }
    if (line.rfind("    ", 0) == 0 && line.find(" -> {") != std::string::npos) {
      if (state == nullptr) throw std::runtime_error("dfa dump: edge before a state: " + line);
      // "    c 0xHH -> {T}[  (0x ...)]" or "    [^...] -> {T}[  (0x ...)]"; the character
      // before "0x" may be any byte, so the line is cut by hand.
      const std::size_t arrow = line.rfind(" -> {");
      const std::string left = line.substr(4, arrow - 4);
      const int target = std::stoi(line.substr(arrow + 5));
      cur->states_[target];  // a state may only appear as a target (dead-end accept states)
      const bool is_default = left.size() >= 2 && left.front() == '[' && left.back() == ']';
      // NUL is printed as nothing: "    0x0 -> {T}".
      const std::size_t hex = left.rfind("0x");
      if (!is_default && hex != std::string::npos && (hex == 0 || left[hex - 1] == ' ') &&
          hex + 2 < left.size()) {
        state->edges[static_cast<unsigned char>(std::stoi(left.substr(hex + 2), nullptr, 16))] =
            target;
        continue;
      }
      if (!is_default) throw std::runtime_error("dfa dump: unreadable edge: " + line);
      state->otherwise = target;
      std::string body = left.substr(1, left.size() - 2);
      if (!body.empty() && body.front() == '^') {
        for (std::size_t i = 1; i < body.size(); ++i) {
          if (body[i] == '\\' && i + 2 < body.size() && body[i + 1] == 'x' &&
              hex_digit(body[i + 2]) >= 0) {
            int v = hex_digit(body[i + 2]);
            i += 2;
            if (i + 1 < body.size() && hex_digit(body[i + 1]) >= 0) {
              v = v * 16 + hex_digit(body[i + 1]);
              ++i;
            }
            state->excluded[static_cast<std::size_t>(v)] = true;
          } else {
            state->excluded[static_cast<unsigned char>(body[i])] = true;
          }
        }
      }
      continue;
    }
    throw std::runtime_error("dfa dump: unreadable line: " + line);
  }
  return out;
}

DfaPerms DumpedDfa::walk(std::string_view path) const {
  int s = start_;
  for (char c : path) {
    auto it = states_.find(s);
    if (it == states_.end()) return {};
    const State& st = it->second;
    const auto b = static_cast<unsigned char>(c);
    auto e = st.edges.find(b);
    if (e != st.edges.end()) {
      s = e->second;
    } else if (st.otherwise >= 0 && !st.excluded[b]) {
      s = st.otherwise;
    } else {
      return {};
    }
  }
  auto it = states_.find(s);
  return it == states_.end() ? DfaPerms{} : it->second.perms;
}

bool DumpedDfa::is_xmatch() const {
  bool any = false;
  for (const auto& [label, st] : states_) {
    if (st.perms == DfaPerms{}) continue;
    if (!(st.perms == DfaPerms{1, 0, 0, 0})) return false;
    any = true;
  }
  return any;
}

std::vector<const DumpedDfa*> ParserRun::file_dfas() const {
  std::vector<const DumpedDfa*> out;
  for (const DumpedDfa& d : dfas)
    if (!d.is_xmatch()) out.push_back(&d);
  return out;
}

ParserRun run_apparmor_parser_file(const std::string& path, const std::string& extra_args) {
  ParserRun run;
  const std::string cmd =
      "apparmor_parser -Q -K -D dfa-states " + extra_args + " '" + path + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run apparmor_parser");
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) run.output.append(buf, n);
  const int status = pclose(p);
  run.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (run.rc == 0) run.dfas = DumpedDfa::parse_dump(run.output);
  return run;
}

ParserRun run_apparmor_parser(const std::string& profile_text, const std::string& extra_args) {
  char name[] = "/tmp/lsmsim_aa_XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  {
    std::ofstream f(name);
    f << profile_text;
  }
  ParserRun run;
  try {
    run = run_apparmor_parser_file(name, extra_args);
  } catch (...) {
    unlink(name);
    throw;
  }
  unlink(name);
  return run;
}

std::uint32_t dfa_side(std::uint32_t bits, bool owner) {
  return owner ? bits & 0x3fffu : (bits >> 14) & 0x3fffu;
}

DfaExec dfa_exec(std::uint32_t side_bits) {
  DfaExec e;
  e.mod = static_cast<int>((side_bits >> 10) & 0xfu);
  e.unsafe = (side_bits & 0x100u) != 0;
  e.inherit = (side_bits & 0x200u) != 0;
  e.pux = (side_bits & 0x80u) != 0;
  return e;
}

DfaExec encode_exec(const ExecMode& mode, int named_index) {
  DfaExec e;
  switch (mode.type) {
    case ExecType::inherit:
      e.inherit = true;
      return e;
    case ExecType::unconfined:
      e.mod = 1;
      break;
    case ExecType::profile:
      e.mod = mode.target.empty() ? 2 : named_index;
      break;
    case ExecType::child:
      e.mod = mode.target.empty() ? 3 : named_index;
      break;
    case ExecType::none:
      return e;
  }
  e.unsafe = !mode.scrub;
  e.inherit = mode.fallback == ExecType::inherit;
  e.pux = mode.fallback == ExecType::unconfined;
  return e;
}

bool operator==(const DfaExec& a, const DfaExec& b) {
  return a.mod == b.mod && a.unsafe == b.unsafe && a.inherit == b.inherit && a.pux == b.pux;
}

}  // namespace lsmsim::aa::testing
