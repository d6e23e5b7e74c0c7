// Running a check that libhdf5 might crash or hang in (corrupt bytes in a file a user hands to scmp) in a
// child process with a time limit, so that scmp reports "corrupt file" instead of dying with SIGSEGV or
// hanging, and never after it has created an output.
#pragma once
#include <functional>
#include <string>

namespace scmp::experiments {

// Runs `check` in a forked child. Returns normally when it returned; rethrows, as InvalidArgument with the
// same field, value and message, an InvalidArgument it threw; throws InvalidArgument(field, value,
// "corrupt file: ...") when the child crashed, ran out of memory, or exceeded limits().hdf5_check_seconds.
// Call it before starting threads (fork copies only the calling thread).
void run_contained(const std::function<void()>& check, const std::string& field, const std::string& value);

}  // namespace scmp::experiments
