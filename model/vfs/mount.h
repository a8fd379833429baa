// Mount tables of mount namespaces. (Walking-skeleton placeholder: filled in by the VFS work.)
#pragma once

namespace lsmsim {

struct MountTable {};

}  // namespace lsmsim
