// The referee's batch language, shared by the in-guest agent (agent/referee_agent.cpp, run by
// the real kernel under user-mode-linux) and by lsmsim's executor (referee_exec.cpp): one
// operation per line, one answer line per operation, so both sides' answers compare line by
// line. Header-only and standard C++ only, because the agent links nothing else.
//
//   w PATH DATA   open(PATH, O_WRONLY), one write(DATA), close   -> "ok N" | "err E" | "oerr E"
//   t PATH DATA   open(PATH, O_RDWR), write(DATA), read() back    -> "ok REPLY" | "err E" | ...
//   f PATH FILE   the whole host FILE in ONE write() (a policy)   -> like w
//   r PATH        open(PATH, O_RDONLY), read()                    -> "ok CONTENT" | "rerr E"
//   u PATH DATA   open(PATH, O_RDWR), write(DATA) twice on that fd -> "ok N;err E" style,
//                 both writes' results
//   c PATH        create (O_CREAT|O_EXCL, 0644)                   -> "ok" | "oerr E"
//   m PATH        mkdir(PATH, 0755)                               -> "ok" | "err E"
//   o PATH MODE   open with MODE "r", "w" or "rw", then close     -> "ok" | "oerr E"
//   x PATH DATA   setxattr(PATH, NAME, VALUE), DATA "NAME VALUE"  -> "ok" | "err E"
//   g PATH NAME   getxattr                                        -> "ok VALUE" | "err E"
//   P PATH LABEL  fork; the child writes LABEL to PATH (its /proc/self/attr/current), drops
//                 CAP_MAC_ADMIN and CAP_MAC_OVERRIDE and runs the lines up to "E -", then
//                 exits: one round as an unprivileged subject      -> the label write's result
//   E -           the end of a round                              -> "ok"
//
// DATA, FILE and REPLY are escaped (escape()): no spaces, newlines or bytes outside 0x21-0x7e
// survive unescaped, so a line always splits into three fields.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lsmsim::referee {

inline std::string escape(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c > 0x20 && c < 0x7f) {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The inverse of escape(); false on a malformed escape.
inline bool unescape(std::string_view s, std::string& out) {
  out.clear();
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '\\') {
      out += '\\';
      ++i;
      continue;
    }
    if (i + 3 >= s.size() || s[i + 1] != 'x') return false;
    const int hi = hex(s[i + 2]), lo = hex(s[i + 3]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 3;
  }
  return true;
}

struct BatchOp {
  char op = 0;
  std::string path;
  std::string data;  // unescaped
};

// One batch line; false if it is not one of the forms above.
inline bool parse_op(std::string_view line, BatchOp& out) {
  if (line.size() < 3 || line[1] != ' ') return false;
  out.op = line[0];
  if (std::string_view("wtfrucmoxgPE").find(out.op) == std::string_view::npos) return false;
  line.remove_prefix(2);
  const std::size_t sp = line.find(' ');
  out.path = std::string(line.substr(0, sp));
  if (out.path.empty()) return false;
  if (sp == std::string_view::npos)
    return out.op == 'r' || out.op == 'c' || out.op == 'm' || out.op == 'E';
  return unescape(line.substr(sp + 1), out.data);
}

// The NAME and VALUE of an `x` operation's data.
inline void split_xattr(const std::string& data, std::string& name, std::string& value) {
  const std::size_t sp = data.find(' ');
  name = data.substr(0, sp);
  value = sp == std::string::npos ? "" : data.substr(sp + 1);
}

inline std::string format_op(char op, std::string_view path, std::string_view data) {
  std::string line(1, op);
  line += ' ';
  line += path;
  if (op != 'r' && op != 'c' && op != 'm' && op != 'E') {
    line += ' ';
    line += escape(data);
  }
  return line;
}

}  // namespace lsmsim::referee
