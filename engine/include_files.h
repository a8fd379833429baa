// Internal to the parser: the files a scenario reads with `include:`. Each is read once,
// relative to the file that names it, and must stay inside the top scenario's folder tree
// (no absolute paths, no `..` leaving it), so a scenario folder is self-contained. Errors
// inside an included file name that file's line and column and how it was included.
#pragma once

#include <deque>
#include <set>
#include <string>
#include <vector>

#include "engine/yaml_view.h"

namespace lsmsim::engine {

struct SourceFile {
  std::string path;  // as shown in messages: the top file's folder joined with `rel`
  std::string dir;   // the folder the files it names are read from
  std::string rel;   // relative to the top scenario's folder ("x.yaml" for the top file)
  std::string text;
  YAML::Node root;
  bool top = false;
  std::vector<std::string> chain;  // "included from x.yaml:3:5", innermost first
};

class IncludeSet {
 public:
  // `top_path` names the scenario in messages; `top_dir` is its folder ("" = the current one).
  // Throws BadInput (located in the top file) when `text` is not one YAML document.
  IncludeSet(std::string top_path, std::string top_dir, std::string text);

  SourceFile& top() { return files_.front(); }
  // The file `name`, written at `pos` in `from`, read and parsed; nullptr when it was read
  // already (an include is read once, so two files may include a common one). Throws
  // BadInput at `pos` (not located: the caller's file) for absolute paths, paths leaving the
  // top folder, missing files and include cycles; BadInput located in the new file for
  // malformed YAML there.
  SourceFile* open(const SourceFile& from, const std::string& name, SourcePos pos);
  // `f` and everything it includes have been read (cycle detection).
  void close(const SourceFile& f);
  std::vector<std::string> paths() const;  // included files, in the order read

 private:
  std::string top_dir_;
  std::deque<SourceFile> files_;      // stable addresses
  std::vector<std::string> reading_;  // rel paths of the files being read, outermost first
  std::set<std::string> seen_;
};

// One YAML document of `text`; throws BadInput (unlocated) for malformed YAML, no document
// or several.
YAML::Node load_document(const std::string& text, bool top);

// Runs `f()`; a BadInput from it that names no file yet is located in `file`, with its chain.
template <class F>
auto in_file(const SourceFile& file, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (BadInput& e) {
    if (e.file.empty()) {
      e.file = file.path;
      e.included_from.insert(e.included_from.end(), file.chain.begin(), file.chain.end());
    }
    throw;
  }
}

// "file:line:col".
std::string where(const SourceFile& f, SourcePos p);

}  // namespace lsmsim::engine
