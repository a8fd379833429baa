#include "model/net/socket.h"

#include "model/kernel.h"
#include "model/lsm/security.h"

namespace lsmsim {

Socket::~Socket() {
  // An abstract name goes away with its socket (unix_release_sock).
  if (net != nullptr && !address.empty() && address[0] == '@') {
    auto it = net->unix_abstract.find(address);
    if (it != net->unix_abstract.end() && it->second == id) net->unix_abstract.erase(it);
  }
  if (security_initialized) security_sk_free_security(kernel.lsm(), *this);
}

}  // namespace lsmsim
