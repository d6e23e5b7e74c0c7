// fork + pipe + waitpid with a deadline.
#include "experiments/contained.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "experiments/limits.hpp"
#include "sim/error.hpp"

namespace scmp::experiments {

namespace {

void write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) off += static_cast<std::size_t>(n);
  }
}

}  // namespace

void run_contained(const std::function<void()>& check, const std::string& field, const std::string& value) {
  int fds[2];
  if (::pipe(fds) != 0) throw sim::Error(std::string("pipe failed: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw sim::Error(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      check();
    } catch (const sim::InvalidArgument& e) {
      write_all(fds[1], e.field() + '\0' + e.value() + '\0' + e.what());
      code = 3;
    } catch (const std::exception& e) {
      write_all(fds[1], field + '\0' + value + '\0' + field + " = " + value + ": " + e.what());
      code = 3;
    } catch (...) {
      code = 4;
    }
    ::close(fds[1]);
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string msg;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits().hdf5_check_seconds);
  bool timed_out = false;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (r < 0 && errno == EINTR) continue;
    if (r > 0) {
      char buf[4096];
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n > 0) msg.append(buf, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR) break;  // EOF: the child closed or exited
    }
  }
  ::close(fds[0]);
  int status = 0;
  if (timed_out) ::kill(pid, SIGKILL);
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    throw sim::InvalidArgument(field, value,
                               "corrupt file: reading it did not finish within " + std::to_string(limits().hdf5_check_seconds) +
                                   " s (raise it with --limit hdf5_check_seconds=N)");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
    const auto z1 = msg.find('\0');
    const auto z2 = z1 == std::string::npos ? std::string::npos : msg.find('\0', z1 + 1);
    if (z2 != std::string::npos) {
      const std::string f = msg.substr(0, z1), v = msg.substr(z1 + 1, z2 - z1 - 1), what = msg.substr(z2 + 1);
      const std::string prefix = f + " = " + v + ": ";
      throw sim::InvalidArgument(f, v, what.rfind(prefix, 0) == 0 ? what.substr(prefix.size()) : what);
    }
  }
  const std::string how = WIFSIGNALED(status) ? "libhdf5 crashed reading it (signal " + std::to_string(WTERMSIG(status)) + ")"
                                              : "reading it failed (exit " + std::to_string(WEXITSTATUS(status)) + ")";
  throw sim::InvalidArgument(field, value, "corrupt file: " + how);
}

}  // namespace scmp::experiments
