#!/usr/bin/env python3
"""`scmp sweep --slurm` on a real one-node Slurm cluster (scripts/slurm-cluster.sh): slurmctld, slurmd, munged.

1. A sweep submitted as a 3-task array and its merge job gives exactly the runs of a local run of the same sweep,
   with bit-identical metrics, costs and per-operator data.
2. A second submission: one array task is cancelled (scancel JOB_1) after it finished a run; the merge job still
   writes what is done, `scmp status` reports the gap, and running the same command again submits only that
   shard, which resumes its file (the finished runs are not redone) and merges the complete result.
3. A shard file damaged after its task ended is set aside by the next rerun and its shard redone.
4. Where the machine has GPUs (the cluster offers them as GRES): the same sweep with --backend cuda and one GPU
   per task equals the local cpu run bit for bit.

Exit codes: 0 passed, 1 failed, 77 skipped (Slurm cannot start here; SCMP_REQUIRE_SLURM=1 turns that into a
failure). Needs root (the cluster runs jobs as root). The daemons are stopped at the end, also on failure or
SIGTERM. Usage: slurm_cluster_test.py SCMP_BINARY
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER = os.path.join(SRC, "scripts", "slurm-cluster.sh")
SKIP = 77


class Failure(Exception):
    pass


def config(rows, depth, seeds=(0,)):
    return f"""version: 1
experiment: {{name: slurm_test, seed: 7}}
hardware: {{sc_prec: 8, chunk_d: 64}}
workload:
  operators:
    proj:
      a: {{source: llm_activations, shape: [{rows}, {depth}]}}
      b: {{source: gaussian, shape: [64, {depth}], std: 0.05}}
    fc:
      a: {{source: laplace, shape: [{rows // 4}, {depth}]}}
      b: {{source: uniform, shape: [8, {depth}]}}
metrics: {{cost: {{table: {SRC}/configs/cost/generic_45nm.yaml, sample_rows: 4}}}}
sweep:
  grid: {{hardware.stoc_len: [128, 64, 32, 16], hardware.scramble: ["off", bitrev]}}
  seeds: [{", ".join(str(x) for x in seeds)}]
"""


def run(cmd, env, check=True, timeout=120):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise Failure(f"{' '.join(cmd)} -> {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def logs_of(work_dir):
    logs = os.path.join(work_dir, "logs")
    if not os.path.isdir(logs):
        return "(no logs)"
    return "".join(f"--- {f}\n" + open(os.path.join(logs, f)).read() for f in sorted(os.listdir(logs)))


def manifest_jobs(work_dir):
    """The last submission's (tasks, array job, merge job) from manifest.yaml."""
    text = open(os.path.join(work_dir, "manifest.yaml")).read()
    subs = re.findall(r"\{utc: ([^,]+), tasks: ([^,]+), array_job: (\d+), merge_job: (\d+)\}", text)
    if not subs:
        raise Failure(f"no submission in {work_dir}/manifest.yaml:\n{text}")
    _, tasks, array, merge = subs[-1]
    return tasks, array, merge


def wait_for_jobs(ids, env, timeout=150):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = run(["squeue", "-h", "-j", ",".join(ids), "-o", "%i %T"], env, check=False)
        if r.returncode != 0 or not r.stdout.strip():
            return
        time.sleep(0.3)
    raise Failure(f"jobs {ids} not finished after {timeout} s:\n" + run(["squeue"], env, check=False).stdout)


def runs_of(path):
    """run_id -> (index row, {op: (attributes without wall_s, {dataset: bytes})}) of a results file."""
    out = {}
    with h5py.File(path, "r") as f:
        index = f["index"][()]
        for row in index:
            run_id = row["run_id"].decode()
            fields = {}
            for name in index.dtype.names:
                if name == "wall_s":
                    continue
                v = row[name]
                fields[name] = v.tobytes() if isinstance(v, np.generic) else v  # floats compared bit for bit
            ops = {}
            g = f["runs"][run_id]
            for op, og in g["ops"].items():
                attrs = {k: np.asarray(v).tobytes() for k, v in og.attrs.items()}
                data = {k: (d.shape, d[()].tobytes()) for k, d in og.items()}
                ops[op] = (attrs, data)
            out[run_id] = (fields, ops, g.attrs["config_hash"])
    return out


def same_runs(merged, local):
    a, b = runs_of(merged), runs_of(local)
    if sorted(a) != sorted(b):
        raise Failure(f"{merged} holds runs {sorted(a)}, the local run {sorted(b)}")
    for run_id in a:
        if a[run_id] != b[run_id]:
            raise Failure(f"run {run_id} differs between {merged} and {local}")
    return len(a)


def ok_hashes(path):
    with h5py.File(path, "r") as f:
        return {r["config_hash"].decode() for r in f["index"][()] if r["status"].decode() == "ok"}


def journal_lines(path):
    try:
        with open(path) as f:
            return [l for l in f.read().split("\n")[:-1] if l]
    except FileNotFoundError:
        return []


def test(scmp, tmp, env):
    fast, slow = os.path.join(tmp, "fast.yaml"), os.path.join(tmp, "slow.yaml")
    open(fast, "w").write(config(32, 128))
    # 16 runs in 2 shards: shard 1 has 8, long enough to be cancelled between its first and its last.
    open(slow, "w").write(config(384, 1024, seeds=(0, 1)))
    per_shard = 8

    # 1. The merged result of a 3-task array equals the local run, bit for bit.
    t0 = time.time()
    run([scmp, "sweep", fast, "-o", f"{tmp}/fast_local.h5", "-q"], env)
    out = f"{tmp}/fast.h5"
    r = run([scmp, "sweep", fast, "-o", out, "--slurm", "--tasks", "3"], env)
    print(r.stdout, end="")
    tasks, array, merge = manifest_jobs(out + ".slurm")
    if tasks != "0-2":
        raise Failure(f"first submission should hold tasks 0-2, holds {tasks}")
    wait_for_jobs([array, merge], env)
    if not os.path.exists(out):
        raise Failure(f"{out} not written; logs:\n" + logs_of(out + ".slurm"))
    n = same_runs(out, f"{tmp}/fast_local.h5")
    st = run([scmp, "status", out], env, check=False)
    if st.returncode != 0:
        raise Failure(f"scmp status after a complete sweep -> {st.returncode}\n{st.stdout}{st.stderr}")
    print(f"part 1: {n} runs through 3 array tasks + merge = local run, bit for bit ({time.time() - t0:.1f} s)")

    # 2. Cancel one task mid-shard; the same command again fills only that gap.
    t0 = time.time()
    out = f"{tmp}/slow.h5"
    work = out + ".slurm"
    cmd = [scmp, "sweep", slow, "-o", out, "--slurm", "--tasks", "2"]
    run(cmd, env)
    _, array, merge = manifest_jobs(work)
    journal = os.path.join(work, "shard-0001-of-0002.progress")
    deadline = time.time() + 120
    while not journal_lines(journal):
        if time.time() > deadline:
            raise Failure("shard 1 finished no run within 120 s")
        time.sleep(0.05)
    # Readable while the array runs: shard 1 is counted from its journal, its file is not opened.
    st = run([scmp, "status", out], env, check=False)
    row = re.search(r"^\s+1\s+%d\s+(\d+)\s+0\s+\d+\s+(.*)$" % per_shard, st.stdout, re.M)
    if st.returncode != 1 or not row or int(row.group(1)) < 1 or "RUNNING (counted from its progress journal" not in row.group(2):
        raise Failure(f"scmp status while shard 1 runs should count it from its journal:\n{st.stdout}{st.stderr}")
    run(["scancel", f"{array}_1"], env)
    wait_for_jobs([array, merge], env)
    shard1 = os.path.join(work, "shard-0001-of-0002.h5")
    shard0 = os.path.join(work, "shard-0000-of-0002.h5")
    kept = ok_hashes(shard1)
    if not 1 <= len(kept) < per_shard:
        raise Failure(f"after scancel shard 1 should hold 1..{per_shard - 1} of its {per_shard} runs, holds {len(kept)}"
                      " (runs too fast to cancel?)")
    st = run([scmp, "status", out], env, check=False)
    print(st.stdout, end="")
    missing = per_shard - len(kept)
    if st.returncode != 1 or not re.search(r"^\s+1\s+%d\s+%d\s+0\s+%d\s" % (per_shard, len(kept), missing), st.stdout, re.M):
        raise Failure(f"scmp status should report shard 1 with {len(kept)} done and {missing} missing (exit 1)")
    if not os.path.exists(out) or len(runs_of(out)) != per_shard + len(kept):
        raise Failure(f"the merge job after the cancelled task should have written the {per_shard + len(kept)} finished runs")
    shard0_mtime = os.stat(shard0).st_mtime_ns
    r = run(cmd, env)  # the same command again
    print(r.stdout, end="")
    tasks, array2, merge2 = manifest_jobs(work)
    if tasks != "1" or array2 == array:
        raise Failure(f"the rerun should submit only shard 1, submitted tasks {tasks} (job {array2})")
    wait_for_jobs([array2, merge2], env)
    log = open(os.path.join(work, "logs", f"task-{array2}_1.out")).read()
    m = re.search(r"(\d+) ok, (\d+) failed, (\d+) already done", log)
    if not m or int(m.group(3)) != len(kept) or int(m.group(1)) != missing:
        raise Failure(f"the resumed shard should redo only the {missing} missing runs; its log:\n{log}")
    if os.stat(shard0).st_mtime_ns != shard0_mtime:
        raise Failure("the complete shard 0 was written again by the rerun")
    run([scmp, "sweep", slow, "-o", f"{tmp}/slow_local.h5", "-q", "-j", "2"], env)
    n = same_runs(out, f"{tmp}/slow_local.h5")
    st = run([scmp, "status", out], env, check=False)
    if st.returncode != 0:
        raise Failure(f"scmp status after the rerun -> {st.returncode}\n{st.stdout}")
    # Running it once more submits nothing: every run is done, it only merges again.
    r = run(cmd, env)
    if "are done" not in r.stdout or manifest_jobs(work)[1] != array2:
        raise Failure(f"a third run with nothing missing should only merge:\n{r.stdout}")
    print(f"part 2: cancelled task 1 after {len(kept)} of {per_shard} runs; rerun submitted only shard 1, redid {missing}"
          f" runs; merged {n} runs = local run, bit for bit ({time.time() - t0:.1f} s)")

    # 3. A shard file damaged while no task writes it (a full disk, a node lost mid-flush) is set aside and redone.
    t0 = time.time()
    size = os.path.getsize(shard0)
    with open(shard0, "r+b") as f:
        f.truncate(size // 3)
    st = run([scmp, "status", out], env, check=False)
    if st.returncode != 1 or "damaged: cannot be read" not in st.stdout:
        raise Failure(f"scmp status should report damaged shard 0 (its runs missing, exit 1):\n{st.stdout}{st.stderr}")
    r = run(cmd, env)
    tasks, array3, merge3 = manifest_jobs(work)
    if tasks != "0" or "moved aside" not in r.stderr:
        raise Failure(f"the rerun should set damaged shard 0 aside and submit it alone, submitted {tasks}:\n{r.stdout}{r.stderr}")
    wait_for_jobs([array3, merge3], env)
    n = same_runs(out, f"{tmp}/slow_local.h5")
    if not any(".unreadable-" in f for f in os.listdir(work)):
        raise Failure("the damaged shard file was not kept aside")
    print(f"part 3: damaged shard 0 set aside, redone by a rerun; merged {n} runs = local run ({time.time() - t0:.1f} s)")

    # 4. Where the cluster has GPUs: one GPU per task, cuda backend, same results as the local cpu run.
    gpus = int(open(os.path.join(os.path.dirname(env["SLURM_CONF"]), "gpus")).read().strip() or 0)
    if gpus == 0:
        print("part 4 (--backend cuda --gpus-per-task 1) not run: no GPU in this cluster")
        return
    t0 = time.time()
    out = f"{tmp}/gpu.h5"
    run([scmp, "sweep", fast, "-o", out, "--slurm", "--tasks", str(min(gpus, 4) + 1), "--backend", "cuda",
         "--gpus-per-task", "1"], env)
    _, array, merge = manifest_jobs(out + ".slurm")
    wait_for_jobs([array, merge], env)
    if not os.path.exists(out):
        raise Failure(f"{out} not written; logs:\n" + logs_of(out + ".slurm"))
    n = same_runs(out, f"{tmp}/fast_local.h5")
    print(f"part 4: {n} runs on {gpus} GPU(s), one per task, cuda backend = local cpu run, bit for bit ({time.time() - t0:.1f} s)")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    scmp = os.path.abspath(sys.argv[1])
    require = os.environ.get("SCMP_REQUIRE_SLURM") == "1"
    tmp = tempfile.mkdtemp(prefix="scmp-slurm-test.")
    cluster = os.path.join(tmp, "cluster")
    env = dict(os.environ)
    env["SLURM_CONF"] = os.path.join(cluster, "slurm.conf")
    env["SCMP_SLURM_OWNER_PID"] = str(os.getpid())  # the cluster stops itself if this test is killed outright
    started = False

    def on_term(signum, _frame):
        raise SystemExit(f"slurm test: signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    try:
        try:
            r = subprocess.run(["bash", CLUSTER, "start", cluster], capture_output=True, text=True, timeout=300, env=env)
            reason = r.stderr.strip()[-2000:] if r.returncode != 0 else ""
        except (OSError, subprocess.TimeoutExpired) as e:
            reason = f"{CLUSTER} start: {e}"
        if reason:
            msg = f"Slurm cannot start here: {reason}"
            if require:
                print(f"FAIL (SCMP_REQUIRE_SLURM=1): {msg}")
                return 1
            print(f"SKIP: {msg} (set SCMP_REQUIRE_SLURM=1 to make this a failure)")
            return SKIP
        started = True
        t0 = time.time()
        test(scmp, tmp, env)
        print(f"slurm test passed in {time.time() - t0:.1f} s (cluster start not counted)")
        return 0
    except Failure as e:
        print(f"FAIL: {e}")
        for log in ("slurmctld.log", "slurmd.log"):
            p = os.path.join(cluster, "log", log)
            if os.path.exists(p):
                print(f"--- {log} (last lines)\n" + "".join(open(p).readlines()[-15:]))
        return 1
    finally:
        if started:
            subprocess.run(["bash", CLUSTER, "stop", cluster], timeout=120)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
