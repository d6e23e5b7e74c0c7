// Catch2 2.x (Debian 12) and 3.x (GPU machine) behind one include, with a SKIP that works on both.
#pragma once
#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#define SCMP_SKIP(msg) SKIP(msg)
using Catch::Approx;  // Catch2 2 has it at global scope
#else
#include <catch2/catch.hpp>
// Catch2 2 has no SKIP: warn and leave the test case (it counts as passed).
#define SCMP_SKIP(msg)            \
  do {                            \
    WARN("skipped: " << msg);     \
    return;                       \
  } while (0)
#endif
