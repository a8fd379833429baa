// An AF_UNIX socket (struct socket and struct sock merged): state, address, accept queue,
// peer credentials and the LSM blob (net/unix/af_unix.c, net/core/sock.c).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "model/cred.h"
#include "model/lsm/blob.h"
#include "model/task.h"

namespace lsmsim {

class Kernel;
struct Inode;
struct SuperBlock;
struct NetNamespace;

enum class SocketState { unconnected, listening, connected };

struct Socket : std::enable_shared_from_this<Socket> {
  explicit Socket(Kernel& k) : kernel(k) {}
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  Kernel& kernel;
  std::uint64_t id = 0;
  int family = 0;
  int type = 0;
  int protocol = 0;
  SocketState state = SocketState::unconnected;
  std::shared_ptr<NetNamespace> net;  // sock_net(): the creator's network namespace
  std::string address;                // bound name: a path, or "@name" (abstract)
  std::shared_ptr<SuperBlock> bound_sb;  // keeps bound_inode's superblock alive
  std::shared_ptr<Inode> bound_inode;    // the socket inode a path bind created
  std::weak_ptr<Socket> peer;
  std::deque<std::shared_ptr<Socket>> accept_queue;  // connections waiting for accept()
  int backlog = 0;
  // sk_peer_pid / sk_peer_cred: set by init_peercred()/copy_peercred().
  bool has_peercred = false;
  std::vector<PidLink> peer_pid;  // the peer's thread group, numbered in each pid namespace
  CredRef peer_cred;
  Blob security;                  // sk_security
  bool security_initialized = false;
};

}  // namespace lsmsim
