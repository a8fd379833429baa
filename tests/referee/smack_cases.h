// Seeded Smack referee cases: label pools with the special labels (_ ^ * ? @), ordinary and
// near-limit labels (255 valid, 256 not), labels cut by smk_parse_smack() at a '/' or quote,
// and invalid ones; rule writes to load2 (random rwxatlb subsets in either case, '-', junk
// after the letters, overwrites of one pair, several rules or extra tokens in one write),
// change-rule, revoke-subject, the fixed-width load and the task's load-self2; access2 and
// access queries of single letters and combinations; the numeric and label settings files;
// and at the end the listings, relabel-self and onlycap (which takes the writer's privilege).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lsmsim::referee {

struct SmackOp {
  enum Kind { rule, query, setting, read } kind = rule;
  std::string file;     // the smackfs file name ("load2", ...) or an absolute path
  std::string data;     // what is written (rule line(s), query, label, number)
  std::string subject;  // a rule's or query's first and second tokens ("" if none)
  std::string object;
  int case_no = 0;
  std::string path() const;  // /sys/fs/smackfs/<file> unless absolute
};

struct SmackBatch {
  std::uint64_t seed = 0;
  std::vector<SmackOp> ops;
  std::vector<std::string> lines;  // the batch (batch_format.h), one per op
};

// `cases` cases of `rules` rule writes and about `queries` queries each, all in one boot
// (rules accumulate across cases, on both sides alike).
SmackBatch generate_smack_batch(std::uint64_t seed, int cases, int rules, int queries);

}  // namespace lsmsim::referee
