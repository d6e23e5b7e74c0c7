"""Fuzzed options and configs: every call either returns a finite result of the right shape or raises
TypeError/ValueError — never a crash, hang or other exception (seeded; the seed is printed)."""

import numpy as np
import pytest

import scmp
from scmp import mp

VALUES = {
    "granularity": ["per_row", "per_tensor", "per_head", "", "PER_ROW", None, 3],
    "mode": ["bipolar", "unipolar", "tri", None],
    "sc_prec": [2, 4, 8, 1, 0, -3, 17, 16, 2**40, 8.0, "8", True],
    "stoc_len": [None, 1, 3, 16, 255, 256, 0, -1, 257, 2**31, 1.5, "16"],
    "rng_levels": [None, 1, 7, 256, 0, 65536, -2],
    "chunk_d": [0, 1, 4, 7, 64, -5, 2**31, 2.0],
    "group_a": [1, 2, 3, 0, -1, 100],
    "group_b": [1, 2, 0],
    "halve_bipolar_stoc_len": [False, True],
    "scramble": ["off", "counter", "bitrev", "random", "nope", 1],
    "multiplier": ["enable", "thermometer", "and", "xnor", "or"],
    "rng": ["sobol_simple", "sobol_2d", "iid_random", "lfsr_default", "sobol_antithetic", "bogus"],
    "backend": ["auto", "cpu", "cycle", "gpu"],
    "row_stoc_len_a": [None, [16] * 6, [16] * 5, [0] * 6, [300] * 6],
    "smooth_scales": [None, np.ones(12, np.float32), np.ones(3, np.float32), np.full(12, np.nan, np.float32)],
}


def test_fuzzed_options_never_crash(rng):
    shapes = [((6, 12), (5, 12)), ((2, 6, 12), (2, 5, 12)), ((6, 12), (5, 11)), ((1, 1), (1, 1))]
    ran = 0
    for _ in range(300):
        kw = {k: v[rng.integers(len(v))] for k, v in VALUES.items() if rng.random() < 0.2}
        sa, sb = shapes[rng.integers(len(shapes))]
        a = rng.standard_normal(sa).astype(np.float32)
        b = rng.standard_normal(sb).astype(np.float32)
        if kw.get("backend") == "cycle" and type(kw.get("stoc_len")) is int and kw["stoc_len"] > 64:
            kw["stoc_len"] = 64  # keep the cycle-stepped model quick
        try:
            y = scmp.sc_matmul(a, b, **kw)
        except (TypeError, ValueError):
            continue
        assert y.dtype == np.float32 and np.isfinite(y).all(), kw
        assert y.shape[-2:] == (sa[-2], sb[-2]), kw
        ran += 1
    assert ran >= 20, f"only {ran} of 300 fuzzed calls were valid"  # the fuzz reaches the computing paths


JUNK = [None, 0, -1, 1.5, "x", [], {}, [256, 128], [128, 256], [0], {"a": 1}, [1.5, 0.5], [-0.5], ["q"],
        {"fc": [0.5]}, {"fc": "x"}, {"fc:t0:l0": [0.2]}, {"bad key": [0.3]}, True]
KEYS = ["levels", "stoc_len_levels", "operator_defaults", "buckets", "target_fractions", "timestep_buckets",
        "layer_buckets", "enable_pruning", "threshold_table", "extra"]


def test_fuzzed_adaptive_configs_never_crash(rng):
    metric = rng.random(9).astype(np.float32)
    ran = 0
    for _ in range(300):
        d = {"levels": [256, 128], "operator_defaults": {"fc": [0.5]}}  # valid, then 0–2 keys replaced by junk
        for k in rng.choice(KEYS, size=rng.integers(3), replace=False):
            d[str(k)] = JUNK[rng.integers(len(JUNK))]
        try:
            cfg = mp.AdaptiveMPConfig.from_dict(d)
            got = mp.adaptive_classify_rows(metric, cfg, "fc")
        except (TypeError, ValueError, FileNotFoundError, OSError):  # never KeyError / AttributeError
            continue
        assert len(got) == 9 and set(got.stoc_len.tolist()) <= set(cfg.stoc_len_levels)
        ran += 1
    assert ran >= 20, f"only {ran} of 300 fuzzed configs were valid"


def test_fuzzed_policy_yaml_never_crashes(rng):
    texts = ["impl: uniform", "impl: quantile\nlevels: [64]\nfractions: [1]", "{", "impl: [", "- 1", "",
             "impl: adaptive\nlevels: [64, 32]\noperator_defaults: {fc: [2]}", "impl: range\nlevels: [64, 32]",
             "impl: quantile\nlevels: [64, 32]\nfractions: [0.5, 0.5]\nmetric: bogus", "null", "[1, 2]"]
    for text in texts:
        try:
            p = mp.Policy(text)
            p.assign(row_metric=rng.random(4).astype(np.float32), weight=rng.random((3, 5)).astype(np.float32),
                     op="fc", macs_per_row=[5] * 4)
        except (TypeError, ValueError):
            pass
