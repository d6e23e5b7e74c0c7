# Tests of analysis/results.py: the scmp-sweep-v1 reader (provenance, decoded index, units, per-run data, errors).
import os
import tempfile
import unittest

import h5py
import numpy as np

from analysis import results
from tests.analysis import sweep_writer


class ResultsLoadTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "sweep.h5")
        self.failed = "L=32,scramble=off,halve=0,seed=1"
        axes, runs = sweep_writer.ablation_runs(failed=[self.failed])
        sweep_writer.write_sweep(self.path, axes, runs)

    def tearDown(self):
        self.tmp.cleanup()

    def test_root_attributes_are_decoded_strings_and_int_seed(self):
        sweep = results.load(self.path)
        self.assertEqual(sweep.schema, "scmp-sweep-v1")
        self.assertEqual(sweep.attrs["git_commit"], "abc1234")
        self.assertEqual(sweep.attrs["seed"], 7)
        self.assertIsInstance(sweep.attrs["seed"], int)
        self.assertIn("synthetic_ablation", sweep.attrs["resolved_yaml"])

    def test_index_fields_names_and_units(self):
        sweep = results.load(self.path)
        self.assertEqual(sweep.axes, ["hardware.stoc_len", "hardware.scramble", "hardware.halve", "experiment.seed"])
        self.assertEqual(sweep.metrics, ["mse", "rmse", "max_abs", "rel_fro", "cosine", "bias"])
        self.assertEqual(sweep.cost, ["cycles", "avg_stoc_len_row", "avg_stoc_len_mac", "energy_pj", "area_um2"])
        self.assertEqual(sweep.unit("energy_pj"), "pJ")
        self.assertEqual(sweep.unit("hardware.stoc_len"), "cycles")
        self.assertEqual(sweep.unit("mse"), "")
        self.assertEqual(len(sweep), 32)
        self.assertEqual(sweep.index.dtype["run_id"].kind, "U")
        self.assertEqual(sweep.index.dtype["hardware.scramble"].kind, "U")
        self.assertEqual(sweep.index["run_id"][0], "L=256,scramble=bitrev,halve=0,seed=0")
        self.assertEqual(int(sweep.ok.sum()), 31)
        self.assertEqual(list(sweep.index["run_id"][~sweep.ok]), [self.failed])
        # Values come back exactly as written: the closed form × (1 − 0.1) for seed 0.
        row = sweep.index[0]
        self.assertEqual(row["mse"], sweep_writer.ablation_model(256, "bitrev", 0) * 0.9)
        self.assertTrue(np.isnan(row["area_um2"]))

    def test_run_reads_operator_attributes_and_datasets(self):
        sweep = results.load(self.path)
        ops = sweep.run("L=64,scramble=bitrev,halve=1,seed=0")
        self.assertEqual(sorted(ops), ["op0", "op1"])
        self.assertEqual(ops["op1"].attrs["macs"], 12 * 64 * 2)
        self.assertEqual(ops["op0"].datasets["row_stoc_len"].dtype, np.int32)
        np.testing.assert_array_equal(ops["op0"].datasets["row_stoc_len"], np.full(12, 64))
        self.assertEqual(ops["op0"].datasets["error_hist_edges"].size, ops["op0"].datasets["error_hist_counts"].size + 1)
        only = sweep.run("L=64,scramble=bitrev,halve=1,seed=0", datasets=["row_stoc_len", "y"])
        self.assertEqual(sorted(only["op0"].datasets), ["row_stoc_len"])  # y is optional and absent
        self.assertEqual(sweep.run("L=64,scramble=bitrev,halve=1,seed=0", datasets=False)["op0"].datasets, {})
        self.assertIsNone(sweep.op_dataset("L=64,scramble=bitrev,halve=1,seed=0", "op0", "accumulators"))

    def test_failed_run_has_error_and_no_ops(self):
        sweep = results.load(self.path)
        self.assertEqual(sweep.run(self.failed), {})
        self.assertEqual(sweep.run_attrs(self.failed)["error"], "synthetic failure: out of memory")
        self.assertEqual(sweep.run_attrs("no-such-run"), {})

    def test_to_dataframe_needs_pandas_only_when_called(self):
        sweep = results.load(self.path)
        try:
            __import__("pandas")
        except ImportError:
            with self.assertRaises(ImportError):
                sweep.to_dataframe()
        else:
            self.assertEqual(len(sweep.to_dataframe()), 32)


class ResultsSchemaErrorTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_other_schema_is_rejected_with_the_found_value(self):
        path = os.path.join(self.tmp.name, "other.h5")
        with h5py.File(path, "w") as f:
            f.attrs["schema"] = "scmp-golden-v1"
        with self.assertRaisesRegex(results.SchemaError, "scmp-golden-v1.*expected schema = 'scmp-sweep-v1'"):
            results.load(path)

    def test_missing_schema_not_hdf5_and_missing_file(self):
        path = os.path.join(self.tmp.name, "noschema.h5")
        with h5py.File(path, "w") as f:
            f.create_dataset("index", data=np.zeros(3))
        with self.assertRaisesRegex(results.SchemaError, "no 'schema' attribute"):
            results.load(path)
        text = os.path.join(self.tmp.name, "text.h5")
        with open(text, "w") as f:
            f.write("not hdf5\n")
        with self.assertRaisesRegex(results.SchemaError, "not an HDF5 file"):
            results.load(text)
        with self.assertRaisesRegex(results.SchemaError, "no such file"):
            results.load(os.path.join(self.tmp.name, "absent.h5"))

    def test_right_schema_without_index_is_rejected(self):
        path = os.path.join(self.tmp.name, "noindex.h5")
        with h5py.File(path, "w") as f:
            f.attrs["schema"] = "scmp-sweep-v1"
        with self.assertRaisesRegex(results.SchemaError, "no /index"):
            results.load(path)

    def test_fixed_length_attributes_and_empty_index_are_read(self):
        # The C++ writer may store string attributes as fixed-length bytes; an interrupted sweep may have no rows.
        path = os.path.join(self.tmp.name, "empty.h5")
        sweep_writer.write_sweep(path, [("hardware.stoc_len", "num")], [])
        with h5py.File(path, "a") as f:
            f.attrs["host"] = np.bytes_(b"node7")
            f["index"].attrs["axes"] = np.bytes_(b"hardware.stoc_len")
        sweep = results.load(path)
        self.assertEqual(sweep.attrs["host"], "node7")
        self.assertEqual(sweep.axes, ["hardware.stoc_len"])
        self.assertEqual(len(sweep), 0)
        self.assertEqual(sweep.ok.size, 0)


if __name__ == "__main__":
    unittest.main()
