# The report's array-level sections on a real `scmp sweep` file: provenance of the cost table and array, the
# accuracy/energy/latency trade-off with Pareto marks, the energy breakdown, stream-correlation warnings.
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from analysis import plot_dse, results

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCMP = os.environ.get("SCMP_BINARY", os.path.join(REPO, "build", "bin", "scmp"))

CONFIG = """version: 1
experiment: {name: dse_mini, seed: 3}
hardware: {sc_prec: 6, multiplier: xnor, rng: sobol_simple}
array: {rows: 4, cols: 4}
workload:
  operators:
    q: {a: {source: gaussian, shape: [6, 16]}, b: {source: gaussian, shape: [5, 16]}}
    big: {a: {source: gaussian, shape: [6, 16], std: 100}, b: {source: gaussian, shape: [7, 16]}}
metrics: {cost: {enabled: true, table: %s, sample_rows: 2}}
sweep:
  grid: {hardware.stoc_len: [16, 64], array.dataflow: [os, ws]}
  seeds: [0, 1]
"""


def normalised_error_reference(per_run):
    ops = sorted({o for v in per_run.values() for o in v})
    med = {o: np.median([v[o] for v in per_run.values()]) for o in ops}
    return {r: float(np.exp(np.mean([np.log(v[o] / med[o]) for o in ops]))) for r, v in per_run.items()}


class NormalisedErrorTests(unittest.TestCase):
    def test_an_operator_with_large_errors_does_not_dominate(self):
        per_run = {"a": {"small": 0.01, "large": 100.0}, "b": {"small": 0.02, "large": 100.0},
                   "c": {"small": 0.04, "large": 100.0}}
        got = plot_dse.normalised_error(per_run)
        self.assertEqual(got, normalised_error_reference(per_run))
        self.assertLess(got["a"], got["b"])
        self.assertLess(got["b"], got["c"])  # only the small operator changed, and it decides

    def test_eng_notation(self):
        self.assertEqual(plot_dse.eng(1.234e-6, "s"), "1.234 µs")
        self.assertEqual(plot_dse.eng(float("nan"), "J"), "—")


@unittest.skipUnless(os.path.exists(SCMP), "scmp binary not built")
class DseReportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cfg = os.path.join(cls.tmp.name, "mini.yaml")
        with open(cfg, "w") as f:
            f.write(CONFIG % os.path.join(REPO, "configs", "cost", "generic_45nm.yaml"))
        cls.h5 = os.path.join(cls.tmp.name, "mini.h5")
        cls.sweep = subprocess.run([SCMP, "sweep", cfg, "-o", cls.h5], capture_output=True, text=True, timeout=300)
        cls.out = os.path.join(cls.tmp.name, "report")
        cls.proc = subprocess.run([sys.executable, "-m", "analysis.report", cls.h5, "-o", cls.out], cwd=REPO,
                                  capture_output=True, text=True, timeout=300)
        with open(os.path.join(cls.out, "report.md"), encoding="utf-8") as f:
            cls.md = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_sweep_warns_once_about_xnor_on_correlated_streams(self):
        self.assertEqual(self.sweep.returncode, 0, self.sweep.stderr)
        warnings = [l for l in self.sweep.stderr.splitlines() if "correlated streams" in l]
        self.assertGreaterEqual(len(warnings), 1)
        self.assertEqual(len(warnings), len(set(l.split(": ", 2)[-1] for l in warnings)))

    def test_results_file_records_the_array_and_cost_table(self):
        s = results.load(self.h5)
        for field in ("array_cycles", "latency_s", "array_energy_pj", "scc_abs"):
            self.assertIn(field, s.cost)
        self.assertEqual(s.unit("latency_s"), "s")
        self.assertEqual(s.attrs["cost_table"], "generic_45nm")
        self.assertEqual(len(s.attrs["cost_table_hash"]), 16)
        self.assertIn("comparator_bit", s.attrs["cost_table_yaml"])
        ops = s.run(str(s.index["run_id"][0]))
        comps = s.attrs["energy_components"].split()
        self.assertEqual(len(ops["q"].datasets["energy_breakdown_pj"]), len(comps))
        self.assertAlmostEqual(float(np.sum(ops["q"].datasets["energy_breakdown_pj"])), ops["q"].attrs["array_energy_pj"])
        self.assertGreater(float(s.index["scc_abs"][0]), 0.3)

    def test_report_sections_and_plots(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertIn("| cost table | generic_45nm (hash ", self.md)
        self.assertIn("| array | rows=4, cols=4, dataflow=os", self.md)
        self.assertIn("(swept: array.dataflow)", self.md)
        self.assertIn("## Array-level trade-off: accuracy vs energy vs latency", self.md)
        self.assertIn("## Stream-correlation warnings", self.md)
        self.assertIn("## Cost table", self.md)
        for name in ("tradeoff_energy.png", "tradeoff_latency.png", "energy_breakdown.png"):
            self.assertTrue(os.path.isfile(os.path.join(self.out, name)), name)
            self.assertIn(f"]({name})", self.md)
        self.assertNotIn("mp_levels.png", os.listdir(self.out))  # uniform stream lengths: no MP plot


if __name__ == "__main__":
    unittest.main()
