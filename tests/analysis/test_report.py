# Tests of `python3 -m analysis.report`: plots and report.md for synthetic scmp-sweep-v1 files, exit 2 on others.
import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

from analysis import plot_mp_levels
from tests.analysis import sweep_writer

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_report(path, out_dir, *extra):
    return subprocess.run([sys.executable, "-m", "analysis.report", path, "-o", out_dir, *extra],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


class ReportTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = os.path.join(self.tmp.name, "report")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, axes, runs, **kw):
        path = os.path.join(self.tmp.name, name)
        sweep_writer.write_sweep(path, axes, runs, **kw)
        return path

    def report(self, path, *extra):
        proc = run_report(path, self.out, *extra)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(os.path.join(self.out, "report.md"), encoding="utf-8") as f:
            return f.read()

    def assert_png(self, name):
        path = os.path.join(self.out, name)
        self.assertTrue(os.path.isfile(path), f"{name} missing; have {sorted(os.listdir(self.out))}")
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), PNG_MAGIC)
        self.assertGreater(os.path.getsize(path), 5000)

    def pngs(self):
        return sorted(n for n in os.listdir(self.out) if n.endswith(".png"))


class AblationReportTests(ReportTestCase):
    """A stoc_len × scramble × halve × seed sweep with one failed run; every expected number is a closed form."""

    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.TemporaryDirectory()
        cls.failed = "L=32,scramble=off,halve=0,seed=1"
        axes, runs = sweep_writer.ablation_runs(failed=[cls.failed])
        path = os.path.join(cls.shared.name, "ablation.h5")
        sweep_writer.write_sweep(path, axes, runs, root_attrs={"backend": "cpu"})
        cls.out_dir = os.path.join(cls.shared.name, "report")
        proc = run_report(path, cls.out_dir)
        cls.proc = proc
        with open(os.path.join(cls.out_dir, "report.md"), encoding="utf-8") as f:
            cls.md = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()

    def setUp(self):
        self.out = self.out_dir

    def tearDown(self):
        pass  # the class fixture owns the folder

    def section(self, title):
        start = self.md.index(title)
        end = self.md.find("\n## ", start + 1)
        return self.md[start:end if end >= 0 else len(self.md)]

    def test_exit_status_and_plots(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        for name in ("error_vs_length_mse.png", "error_vs_length_rmse.png", "pareto_cycles.png",
                     "pareto_energy.png", "error_hist.png", "speed.png"):
            self.assert_png(name)
        # Uniform stream lengths: one level per run, so no MP-levels plot (it would be identical bars).
        self.assertNotIn("mp_levels.png", self.pngs())
        for name in self.pngs():  # every plot is linked from the report
            self.assertIn(f"]({name})", self.md)

    def test_provenance(self):
        prov = self.section("## Provenance")
        for text in ("| schema | scmp-sweep-v1 |", "| git_commit | abc1234 |", "| host | testhost |",
                     "| tool_version | 0.1.0 |", "| created_utc | 2025-11-26T15:00:00Z |", "| seed | 7 |",
                     "32 in /index: 31 ok, 1 failed", "| backend | cpu |"):
            self.assertIn(text, prov)
        self.assertIn("```yaml\nversion: 1\nexperiment:\n  name: synthetic_ablation", self.md)

    def test_runs_table_lists_every_run_and_the_failure(self):
        runs = self.section("## Runs")
        self.assertIn("| run_id | status | stoc_len | scramble | halve | seed | mse |", runs)
        self.assertIn("energy_pj [pJ]", runs)
        self.assertIn("| L=256,scramble=bitrev,halve=0,seed=0 | ok | 256 | bitrev | 0 | 0 | 4.944e-06 |", runs)
        self.assertIn(f"| {self.failed} | failed | 32 | off | 0 | 1 | — |", runs)
        self.assertIn(f"| {self.failed} | synthetic failure: out of memory |", runs)
        self.assertEqual(runs.count("| ok |"), 31)

    def test_pivot_of_mse_by_length(self):
        pivot = self.section("## mse by stream length")
        self.assertIn("| stoc_len | scramble=bitrev, halve=0 | scramble=bitrev, halve=1 | scramble=off, halve=0 | "
                      "scramble=off, halve=1 |", pivot)
        self.assertIn("| 256 | 5.49e-06 | 4.94e-06 | 6.87e-06 | 6.18e-06 |", pivot)  # (0.6/256)² ×1, ×0.9, ×1.25
        self.assertIn("| 32 | 0.000352 | 0.000316 | 0.000949 (1 of 2 seeds) |", pivot)  # failed seed flagged

    def test_pareto_points(self):
        pareto = self.section("## Pareto-optimal design points")
        table = pareto[pareto.index("### mse vs average cycles per MAC"):pareto.index("### mse vs cycles")]
        rows = [line for line in table.splitlines() if line.startswith("| stoc_len=")]
        self.assertEqual(rows, [f"| stoc_len={L}, scramble=bitrev, halve=1 | {L} | {sweep_writer.ablation_model(L, 'bitrev', 1):.4g} |"
                                for L in (32, 64, 128, 256)])

    def test_simulator_speed(self):
        speed = self.section("## Simulator speed")
        # 12 rows × 64 × (1 + 2) MACs over the 2 operators, 0.05 s.
        self.assertIn("| stoc_len=256, scramble=bitrev, halve=0 | 2304 | 0.05 | 46080 |", speed)

    def test_trends(self):
        trends = self.section("## Trends")
        # Scramble effect (off − bitrev)/bitrev = 64/L exactly in the synthetic model.
        self.assertIn("| halve=0 | 256 | 5.49e-06 | 6.87e-06 | +25.0% | 2 |", trends)
        self.assertIn("| halve=1 | 32 | 0.000316 | 0.000949 | +200.0% | 2 |", trends)
        # The failed seed-1 run of (32, off, halve=0) would bias a plain mean to +170%: compared on seed 0 only.
        self.assertIn("| halve=0 | 32 | 0.000316 | 0.000949 | +200.0% | 1 |", trends)
        self.assertIn("grows as the stream shortens.", trends)
        self.assertNotIn("does NOT grow", trends)
        # Halve cost is −10% everywhere, also at the point whose full-grid twin lost a seed.
        self.assertEqual(trends.count("| -10.0% |"), 8)
        self.assertIn("Halve is free or better at 8 of 8 points", trends)
        # Slopes: RMSE ∝ 0.6/L exactly for bitrev, MSE slope twice that.
        self.assertIn("| scramble=bitrev, halve=0 | 32–256 | 4 | -1.000 | 0.599 | -2.000 | 0.36 |", trends)


class EdgeCaseReportTests(ReportTestCase):
    def test_wrong_schema_exits_2_with_a_message(self):
        path = os.path.join(self.tmp.name, "golden.h5")
        with h5py.File(path, "w") as f:
            f.attrs["format"] = "scmp-golden-v1"
        proc = run_report(path, self.out)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("expected schema = 'scmp-sweep-v1'", proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "report.md")))
        proc = run_report(os.path.join(self.tmp.name, "absent.h5"), self.out)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("no such file", proc.stderr)

    def test_unknown_metric_exits_2(self):
        axes, runs = sweep_writer.ablation_runs(lengths=(64,), scrambles=("bitrev",), halves=(0,), seeds=(0,))
        proc = run_report(self.write("one.h5", axes, runs), self.out, "--metric", "psnr")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("'psnr'", proc.stderr)

    def test_single_run_without_axes_cost_or_datasets(self):
        # The smallest valid file: no sweep axis, one run, no cost, no per-operator datasets.
        runs = [{"run_id": "single", "axes": {}, "status": "ok",
                 "metrics": {"mse": 1.5e-4, "rmse": 0.0122, "max_abs": 0.05, "rel_fro": 0.01, "cosine": 0.999,
                             "bias": 1e-5},
                 "ops": {"q": {"attrs": {"mse": 1.5e-4, "macs": 4096}}}}]
        md = self.report(self.write("single.h5", [], runs))
        self.assertIn("| single | ok | 0.00015 | 0.0122 |", md)
        self.assertIn("| axes | — (single design point) |", md)
        self.assertNotIn("by stream length", md)
        self.assertIn("No cost field was computed (all NaN): no Pareto front.", md)
        self.assertIn("No plot: no finished run with plottable data.", md)
        self.assertEqual(self.pngs(), [])

    def test_only_failed_runs(self):
        axes, runs = sweep_writer.ablation_runs(lengths=(64, 32), scrambles=("bitrev",), halves=(0,), seeds=(0,),
                                                failed=["L=64,scramble=bitrev,halve=0,seed=0",
                                                        "L=32,scramble=bitrev,halve=0,seed=0"])
        md = self.report(self.write("failed.h5", axes, runs))
        self.assertIn("2 in /index: 0 ok, 2 failed", md)
        self.assertEqual(md.count("synthetic failure: out of memory"), 2)
        self.assertEqual(self.pngs(), [])

    def test_empty_index(self):
        md = self.report(self.write("empty.h5", [("hardware.stoc_len", "num")], []))
        self.assertIn("No run has finished: /index is empty.", md)

    def test_mixed_precision_levels(self):
        axes, runs = sweep_writer.ablation_runs(lengths=(128, 64), scrambles=("bitrev",), halves=(0,), seeds=(0,),
                                                mp_levels=[256, 128, 128, 64], with_cost=False)
        md = self.report(self.write("mp.h5", axes, runs))
        self.assert_png("mp_levels.png")
        self.assert_png("mp_levels_ops.png")
        self.assert_png("error_vs_length_rmse.png")
        self.assertNotIn("pareto_cycles.png", self.pngs())
        self.assertIn("| design point | L=256 | L=128 | L=64 |", md)
        self.assertIn("| stoc_len=128, scramble=bitrev, halve=0 | 0.250 / 0.250 | 0.500 / 0.500 | 0.250 / 0.250 |", md)

    def test_level_shares_weigh_rows_by_macs(self):
        shares = plot_mp_levels.level_shares({"attn": (np.array([256, 256], np.int32), 100.0),
                                              "mlp": (np.array([64], np.int32), 300.0)})
        self.assertEqual(list(shares), [256, 64])  # descending levels
        self.assertAlmostEqual(shares[256][0], 2 / 3, places=15)
        self.assertAlmostEqual(shares[64][0], 1 / 3, places=15)
        self.assertAlmostEqual(shares[256][1], 0.25, places=15)
        self.assertAlmostEqual(shares[64][1], 0.75, places=15)


if __name__ == "__main__":
    unittest.main()
