#include "engine/include_files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lsmsim::engine {

namespace fs = std::filesystem;

YAML::Node load_document(const std::string& text, bool top) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    SourcePos p{e.mark.is_null() ? 1 : e.mark.line + 1, e.mark.is_null() ? 1 : e.mark.column + 1};
    fail(p, "malformed YAML: " + e.msg);
  }
  if (docs.empty() || docs[0].IsNull())
    fail({1, 1}, top ? "empty scenario (expected a mapping with name: and steps:)"
                     : "empty included file (expected a mapping with boot:, steps:, fragments: "
                       "or include:)");
  if (docs.size() > 1)
    fail(pos_of(docs[1]).line ? pos_of(docs[1]) : SourcePos{1, 1},
         std::string(top ? "a scenario file" : "an included file") +
             " holds one YAML document, found " + std::to_string(docs.size()));
  return docs[0];
}

std::string where(const SourceFile& f, SourcePos p) {
  return f.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

IncludeSet::IncludeSet(std::string top_path, std::string top_dir, std::string text)
    : top_dir_(std::move(top_dir)) {
  SourceFile& t = files_.emplace_back();
  t.path = std::move(top_path);
  t.dir = top_dir_;
  t.rel = fs::path(t.path).filename().string();
  t.text = std::move(text);
  t.top = true;
  t.root = load_document(t.text, true);  // unlocated: the top file
  reading_.push_back(t.rel);
  seen_.insert(t.rel);
}

SourceFile* IncludeSet::open(const SourceFile& from, const std::string& name, SourcePos pos) {
  const fs::path p(name);
  if (name.empty()) fail(pos, "include: expects a file name");
  if (p.is_absolute())
    fail(pos, "include: '" + name + "' is an absolute path (includes are relative to the " +
                  "including file and stay inside the scenario's folder)");
  const fs::path from_dir = fs::path(from.rel).parent_path();
  const std::string rel = (from_dir / p).lexically_normal().generic_string();
  if (rel == ".." || rel.rfind("../", 0) == 0)
    fail(pos, "include: '" + name + "' leaves the scenario's folder (" +
                  (top_dir_.empty() ? std::string(".") : top_dir_) +
                  "); included files must be inside it");
  for (std::size_t i = 0; i < reading_.size(); ++i) {
    if (reading_[i] != rel) continue;
    std::string cycle;
    for (std::size_t j = i; j < reading_.size(); ++j) cycle += reading_[j] + " -> ";
    fail(pos, "include cycle: " + cycle + rel);
  }
  if (seen_.count(rel) != 0) return nullptr;
  SourceFile f;
  f.rel = rel;
  f.path = top_dir_.empty() ? rel : (fs::path(top_dir_) / rel).lexically_normal().string();
  f.dir = fs::path(f.path).parent_path().string();
  std::error_code ec;
  if (fs::is_directory(f.path, ec))
    fail(pos, "include: " + f.path + " is a directory, not a YAML file");
  std::ifstream in(f.path, std::ios::binary);
  if (!in) fail(pos, "include: cannot read " + f.path + ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  f.text = buf.str();
  f.chain.push_back("included from " + where(from, pos));
  f.chain.insert(f.chain.end(), from.chain.begin(), from.chain.end());
  SourceFile& stored = files_.emplace_back(std::move(f));
  seen_.insert(rel);
  in_file(stored, [&] { stored.root = load_document(stored.text, false); });
  reading_.push_back(rel);
  return &stored;
}

void IncludeSet::close(const SourceFile& f) {
  if (!reading_.empty() && reading_.back() == f.rel) reading_.pop_back();
}

std::vector<std::string> IncludeSet::paths() const {
  std::vector<std::string> out;
  for (const SourceFile& f : files_)
    if (!f.top) out.push_back(f.path);
  return out;
}

}  // namespace lsmsim::engine
