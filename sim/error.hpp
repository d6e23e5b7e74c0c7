// Forwarding header: the typed errors live in the base layer (sim/base/error.hpp).
#pragma once
#include "sim/base/error.hpp"
