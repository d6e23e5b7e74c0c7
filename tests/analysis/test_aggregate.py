# Tests of analysis/aggregate.py: seed averaging, grouping, Pareto fronts, log-log slopes, paired comparisons.
import unittest

import numpy as np

from analysis import aggregate
from tests.analysis import sweep_writer


def _index(axes, runs):
    """The decoded index that results.load would return for these synthetic runs (no HDF5 round trip)."""
    dtype = [("run_id", "U256"), ("status", "U16")]
    dtype += [(a, "U64" if k == "str" else "f8") for a, k in axes] + [(m, "f8") for m in sweep_writer.METRICS]
    dtype += [(c, "f8") for c in sweep_writer.COST]
    table = np.zeros(len(runs), dtype=dtype)
    for i, r in enumerate(runs):
        table[i]["run_id"] = sweep_writer.run_id([a for a, _ in axes], r["axes"])
        table[i]["status"] = r["status"]
        for a, _ in axes:
            table[i][a] = r["axes"][a]
        for f in sweep_writer.METRICS + sweep_writer.COST:
            table[i][f] = r["metrics"].get(f, r["cost"].get(f, np.nan))
    return table


class ParetoTests(unittest.TestCase):
    def test_front_matches_brute_force_on_random_points(self):
        for seed in (1, 2, 3, 4, 5):
            with self.subTest(seed=seed):
                gen = np.random.default_rng(seed)
                n = int(gen.integers(1, 40))
                # Integer grid so ties (equal cost or equal error) really occur.
                c = gen.integers(0, 8, n).astype(float)
                e = gen.integers(0, 8, n).astype(float)
                if n > 2:
                    c[0] = np.nan
                front = aggregate.pareto_front(c, e)
                expected = [i for i in range(n) if not np.isnan(c[i]) and not any(
                    c[j] <= c[i] and e[j] <= e[i] and (c[j] < c[i] or e[j] < e[i]) for j in range(n)
                    if not np.isnan(c[j]))]
                self.assertEqual(sorted(front), sorted(expected))
                costs = [c[i] for i in front]
                self.assertEqual(costs, sorted(costs))
                # Along the front, error strictly falls as cost rises.
                errs = [e[i] for i in front]
                self.assertTrue(all(a > b for a, b in zip(errs, errs[1:])) or len(set(costs)) < len(costs))

    def test_all_nan_gives_empty_front(self):
        self.assertEqual(aggregate.pareto_front([np.nan, np.nan], [1.0, 2.0]), [])


class SlopeTests(unittest.TestCase):
    def test_exact_power_laws(self):
        L = np.array([16, 32, 64, 128, 256, 1024], dtype=float)
        for power, c in ((-1.0, 0.6), (-0.5, 0.37), (-2.0, 0.36)):
            slope, prefactor = aggregate.loglog_slope(L, c * L ** power)
            self.assertAlmostEqual(slope, power, places=12)
            self.assertAlmostEqual(prefactor, c, places=12)

    def test_needs_two_lengths_and_skips_non_positive(self):
        self.assertIsNone(aggregate.loglog_slope([64, 64], [1.0, 2.0]))
        slope, _ = aggregate.loglog_slope([16, 32, 64], [0.0, 1 / 32, 1 / 64])
        self.assertAlmostEqual(slope, -1.0, places=12)


class DesignPointTests(unittest.TestCase):
    def setUp(self):
        self.failed = "L=32,scramble=off,halve=0,seed=1"
        axes, runs = sweep_writer.ablation_runs(failed=[self.failed])
        self.axes = [a for a, _ in axes]
        self.index = _index(axes, runs)
        self.points = aggregate.design_points(self.index, self.axes, ["mse", "avg_stoc_len_mac"])

    def test_seeds_are_averaged_and_failed_runs_dropped(self):
        self.assertEqual(aggregate.seed_axes(self.axes), ["experiment.seed"])
        self.assertEqual(aggregate.length_axis(self.axes), "hardware.stoc_len")
        self.assertEqual(len(self.points), 16)
        for p in self.points:
            L, sc, h = p.axis("hardware.stoc_len"), p.axis("hardware.scramble"), p.axis("hardware.halve")
            with self.subTest(point=p.label()):
                model = sweep_writer.ablation_model(L, sc, h)
                if p.label() == "stoc_len=32, scramble=off, halve=0":
                    self.assertEqual(p.n, 1)
                    self.assertEqual(p.values["mse"], model * 0.9)  # only seed 0 survives
                else:
                    self.assertEqual(p.n, 2)
                    self.assertAlmostEqual(p.values["mse"] / model, 1.0, places=12)

    def test_groups_sorted_by_length(self):
        groups = aggregate.groups_along(self.points, "hardware.stoc_len")
        self.assertEqual(sorted(groups), ["scramble=bitrev, halve=0", "scramble=bitrev, halve=1",
                                          "scramble=off, halve=0", "scramble=off, halve=1"])
        for members in groups.values():
            self.assertEqual([p.axis("hardware.stoc_len") for p in members], [32.0, 64.0, 128.0, 256.0])

    def test_relative_change_pairs_the_same_seeds(self):
        rows = aggregate.relative_change(self.points, "hardware.halve", 1.0, 0.0, "mse", "hardware.stoc_len")
        self.assertEqual(len(rows), 8)
        for label, L, base, changed, ratio, paired in rows:
            with self.subTest(group=label, L=L):
                self.assertAlmostEqual(ratio, -0.1, places=12)  # halve multiplies the MSE by 0.9 on every seed
                self.assertEqual(paired, 1 if (label, L) == ("scramble=off", 32.0) else 2)
        # Long streams first within a group, as in docs/REFERENCE-NOTES.md's tables.
        self.assertEqual([r[1] for r in rows[:4]], [256.0, 128.0, 64.0, 32.0])
        rows = aggregate.relative_change(self.points, "hardware.scramble", "off", "bitrev", "mse",
                                         "hardware.stoc_len")
        for label, L, base, changed, ratio, paired in rows:
            self.assertAlmostEqual(ratio, 64.0 / L, places=12)

    def test_axis_names(self):
        axes = ["hardware.stoc_len", "hardware.scramble.impl", "workload.seed", "hardware.halve"]
        self.assertEqual(aggregate.short("hardware.scramble.impl"), "scramble.impl")
        self.assertEqual(aggregate.short("hardware.halve"), "halve")
        self.assertEqual(aggregate.find_axis(axes, "scramble"), "hardware.scramble.impl")
        self.assertEqual(aggregate.find_axis(axes, "halve"), "hardware.halve")
        self.assertIsNone(aggregate.find_axis(axes, "rng"))
        self.assertEqual(aggregate.seed_axes(axes), ["workload.seed"])
        self.assertIsNone(aggregate.length_axis(["hardware.rng_levels"]))

    def test_format(self):
        self.assertEqual(aggregate.format_value(128.0), "128")
        self.assertEqual(aggregate.format_value(0.5), "0.5")
        self.assertEqual(aggregate.format_value("bitrev"), "bitrev")
        self.assertEqual(aggregate.format_number(float("nan")), "—")
        self.assertEqual(aggregate.format_number(2.4e-4), "0.00024")
        self.assertEqual(aggregate.format_number(7.82e-3, 3), "0.00782")


if __name__ == "__main__":
    unittest.main()
