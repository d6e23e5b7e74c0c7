// The Slurm commands scmp calls (sbatch, squeue, scancel), run as child processes without a shell.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace scmp::app {

struct ProgramResult {
  int exit_code = -1;            // -1: could not be started (not installed) or killed after the time limit
  std::string out, err;
};

// Runs argv[0] (looked up in PATH) with the arguments; kills it after `timeout_s`.
ProgramResult run_program(const std::vector<std::string>& argv, int timeout_s = 120);

// `sbatch --parsable ARGS SCRIPT`: the job id. Throws std::runtime_error with sbatch's message on failure.
std::string sbatch(const std::vector<std::string>& args, const std::string& script);

// Jobs (of `ids`) that are still pending, running, completing or suspended, as "id STATE" lines; empty when
// all are finished or unknown to the controller (purged after MinJobAge).
std::vector<std::string> active_jobs(const std::vector<std::string>& ids);

// Whether a job in this Slurm state (squeue's JOB STATE CODES) may still start or write.
bool is_active_state(const std::string& state);

// Array task index → Slurm state (PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, ...) for the tasks the
// controller still knows; empty when squeue is missing or fails.
std::map<int, std::string> array_task_states(const std::string& array_job);

}  // namespace scmp::app
