// A first FileMatcher: tries every rule's Glob in turn. Replaced by the compiled matcher.
#include "lsms/apparmor/policy/file_matcher.h"

#include "lsms/apparmor/policy/glob.h"

namespace lsmsim::aa {

struct FileMatcher::Impl {
  std::vector<FileRuleSpec> specs;
  std::vector<Glob> globs;
};

FileMatcher::FileMatcher() : impl_(std::make_unique<Impl>()) {}
FileMatcher::FileMatcher(std::vector<FileRuleSpec> rules) : impl_(std::make_unique<Impl>()) {
  for (const FileRuleSpec& r : rules) impl_->globs.emplace_back(r.glob);
  impl_->specs = std::move(rules);
}
FileMatcher::~FileMatcher() = default;
FileMatcher::FileMatcher(FileMatcher&&) noexcept = default;
FileMatcher& FileMatcher::operator=(FileMatcher&&) noexcept = default;

FilePerms FileMatcher::match(std::string_view path, bool owner) const {
  FilePerms p;
  bool exact_exec = false;
  for (std::size_t i = 0; i < impl_->specs.size(); ++i) {
    const FileRuleSpec& r = impl_->specs[i];
    if ((r.owner && !owner) || !impl_->globs[i].matches(path)) continue;
    if (r.deny) {
      p.deny |= r.perms;
      if (!r.audit) p.quiet |= r.perms;
      continue;
    }
    p.allow |= r.perms;
    if (r.audit) p.audit |= r.perms;
    if ((r.perms & kMayExec) != 0 && !exact_exec) {
      exact_exec = impl_->globs[i].is_literal();
      p.exec = r.exec;
    }
  }
  return p;
}

std::size_t FileMatcher::rule_count() const {
  return impl_->specs.size();
}

}  // namespace lsmsim::aa
