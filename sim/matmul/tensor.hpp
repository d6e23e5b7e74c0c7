// Forwarding header: Tensor lives in the base layer (sim/base/tensor.hpp).
#pragma once
#include "sim/base/tensor.hpp"
