// Child processes for the Slurm client commands: fork + execvp, stdout and stderr read through poll.
#include "app/slurm/slurm_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <set>
#include <sstream>
#include <stdexcept>

namespace scmp::app {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

bool is_active_state(const std::string& state) {
  static const std::set<std::string> active{"PENDING",    "RUNNING",  "COMPLETING", "CONFIGURING", "SUSPENDED",
                                            "STOPPED",    "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING",
                                            "SIGNALING",  "STAGE_OUT", "RESV_DEL_HOLD"};
  return active.count(state) != 0;
}

ProgramResult run_program(const std::vector<std::string>& argv, int timeout_s) {
  ProgramResult r;
  int out_pipe[2], err_pipe[2];
  if (argv.empty() || ::pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return r;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return r;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_fds = 2;
  bool timed_out = false;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    if (::poll(fds, 2, static_cast<int>(left)) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    r.err += "\n(killed after " + std::to_string(timeout_s) + " s)";
    r.exit_code = -1;
  } else if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status) == 127 && r.err.empty() ? -1 : WEXITSTATUS(status);
  }
  return r;
}

std::string sbatch(const std::vector<std::string>& args, const std::string& script) {
  std::vector<std::string> argv{"sbatch", "--parsable"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(script);
  const ProgramResult r = run_program(argv);
  const std::string id = trim(r.out.substr(0, r.out.find(';')));  // "id" or "id;cluster"
  if (r.exit_code != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    std::string cmd;
    for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
    throw std::runtime_error(cmd + " failed" + (r.exit_code == -1 ? " (is Slurm installed? sbatch not found or hung)" : "") +
                             (trim(r.err).empty() ? "" : ": " + trim(r.err)));
  }
  return id;
}

std::vector<std::string> active_jobs(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) {
    if (id.empty()) continue;
    // One id per call: squeue fails for the whole list when one id is no longer known.
    const ProgramResult r = run_program({"squeue", "-h", "-r", "-t", "all", "-j", id, "-o", "%i %T"}, 60);
    if (r.exit_code != 0) continue;
    std::istringstream in(r.out);
    std::string job, state;
    while (in >> job >> state) {
      if (is_active_state(state)) out.push_back(job + " " + state);
    }
  }
  return out;
}

std::map<int, std::string> array_task_states(const std::string& array_job) {
  std::map<int, std::string> out;
  if (array_job.empty()) return out;
  const ProgramResult r = run_program({"squeue", "-h", "-r", "-t", "all", "-j", array_job, "-o", "%K %T"}, 30);
  if (r.exit_code != 0) return out;
  std::istringstream in(r.out);
  std::string task, state;
  while (in >> task >> state) {
    if (!task.empty() && task.find_first_not_of("0123456789") == std::string::npos) out[std::stoi(task)] = state;
  }
  return out;
}

}  // namespace scmp::app
