// Registers the "cuda" backend (skeleton: unavailable until the kernels land).
#include "gpu/install.hpp"

namespace scmp::gpu {

void install() {}
int device_count() { return 0; }

}  // namespace scmp::gpu
