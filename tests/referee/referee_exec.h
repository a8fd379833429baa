// lsmsim's side of a referee batch: the same operations (batch_format.h) through lsmsim's
// syscalls, answered in the agent's words, so the two answer lists compare line by line.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace lsmsim {
struct Task;
}

namespace lsmsim::referee {

// `file_text` gives the bytes an `f` operation writes (lsmsim's selinuxfs load takes the
// policy.conf text where the kernel takes checkpolicy's binary of it).
std::vector<std::string> run_batch(Task& task, const std::vector<std::string>& batch,
                                   const std::function<std::string(const std::string&)>& file_text);

std::vector<std::string> split_lines(const std::string& text);
std::string join_lines(const std::vector<std::string>& lines);

}  // namespace lsmsim::referee
