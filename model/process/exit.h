// Process exit and reaping (kernel/exit.c do_exit, exit_notify, forget_original_parent,
// kernel/pid_namespace.c zap_pid_ns_processes) and default signal actions.
#pragma once

namespace lsmsim {

struct Task;

// The wait(2) status of a normal exit and of death by a signal.
constexpr int exit_status_code(int code) { return (code & 0xff) << 8; }
constexpr int exit_status_signal(int sig) { return sig & 0x7f; }

// do_group_exit(): every thread of `t`'s group exits with wait status `status`. Threads other
// than the leader are released at once; the leader stays a zombie for its parent. Children
// go to the pid namespace's child reaper; tasks traced by the group are detached. When the
// group is the init of a (non-initial) pid namespace, every other task of that namespace is
// killed, the namespace stops allocating pids, and init reaps all its children.
void do_group_exit(Task& t, int status);

// send_sig_info(sig, SEND_SIG_NOINFO, t) from the kernel during `current`'s syscall (AppArmor's
// kill mode): the signal is pending until the syscall returns.
void send_sig_info(int sig, Task& t);
// The pending signals' default actions (signal.cpp deliver(): a pid namespace's init ignores
// them unless sent from an ancestor namespace). Called when a syscall returns.
void deliver_pending_signals(Task& t);

// The init of a dying pid namespace whose other tasks have not all been reaped: it is still
// inside zap_pid_ns_processes(), so its parent cannot reap it yet (exit_notify comes after).
bool zap_pending(const Task& t);

// release_task() of a zombie reaped by wait(2).
void reap_zombie(Task& zombie);

}  // namespace lsmsim
