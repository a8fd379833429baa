// Seeded Smack referee cases: label pools with the special labels (_ ^ * ? @), ordinary and
// near-limit labels (255 valid, 256 not), labels cut by smk_parse_smack() at a '/' or quote,
// and invalid ones; rule writes to load2 (random rwxatlb subsets in either case, '-', junk
// after the letters, overwrites of one pair, several rules or extra tokens in one write),
// change-rule and revoke-subject; access2 queries of single letters and combinations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lsmsim::referee {

struct SmackOp {
  enum Kind { load2, change_rule, revoke_subject, access2, read_load2 } kind = load2;
  std::string data;     // what is written (rule line(s), query, label)
  std::string subject;  // the first and second tokens as written ("" if none)
  std::string object;
  int case_no = 0;
};

struct SmackBatch {
  std::uint64_t seed = 0;
  std::vector<SmackOp> ops;
  std::vector<std::string> lines;  // the batch (batch_format.h), one per op
};

// `cases` cases of about `rules` rule writes and `queries` queries each, all in one boot
// (rules accumulate across cases, on both sides alike).
SmackBatch generate_smack_batch(std::uint64_t seed, int cases, int rules, int queries);

// The path of an op's file under /sys/fs/smackfs.
const char* smackfs_file(SmackOp::Kind kind);

}  // namespace lsmsim::referee
