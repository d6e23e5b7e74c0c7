"""Property tests of the Python-side argument handling (python/scmp/*.py): random keyword values of random types
into every entry point that parses arguments in Python before the fuzzed C++ (python/src/args.cpp,
fuzz/fuzz_python_args.cpp) sees them. Every call returns or raises TypeError / ValueError — never another
exception. Seeded with `random` (hypothesis is not used); the seed is printed, SCMP_PROPERTY_SEED replays one,
SCMP_PROPERTY_CASES scales the number of cases."""

import math
import os
import random
import time

import numpy as np
import pytest

import scmp
from scmp import _matmul, mp

CASES = int(os.environ.get("SCMP_PROPERTY_CASES", "400"))


@pytest.fixture
def prng(request):
    seed = int(os.environ.get("SCMP_PROPERTY_SEED", "0")) or (int(time.time() * 1000) % 2**31)
    print(f"SCMP_PROPERTY_SEED={seed} ({request.node.name})")
    return random.Random(seed)


WORDS = ["per_row", "per_tensor", "per_head", "bipolar", "unipolar", "off", "counter", "bitrev", "random", "enable",
         "thermometer", "and", "xnor", "auto", "cpu", "cycle", "cuda", "sobol_simple", "lfsr_default", "iid_random",
         "quantile", "adaptive", "free_boundary", "range", "uniform", "x_row_max", "fc", "fc:t0:l0", "", "8", "nan",
         "sampled", "full"]


def scalar(r: random.Random):
    k = r.randrange(12)
    if k == 0:
        return None
    if k == 1:
        return r.random() < 0.5
    if k in (2, 3):
        return r.choice([0, 1, -1, 2, 7, 8, 16, 64, 255, 256, 257, 4096, 65536, 2**31, -2**31, 2**63, 2**70,
                         r.randrange(-5, 300)])
    if k == 4:
        return r.choice([0.0, 0.5, 1.0, 1.5, -0.5, 1e30, math.nan, math.inf, -math.inf, r.random()])
    if k == 5:
        return r.choice([np.int64(8), np.int32(-1), np.uint8(3), np.float32(0.5), np.float64(math.nan), np.bool_(True)])
    if k in (6, 7):
        return r.choice(WORDS)
    return "".join(chr(r.randrange(1, 0x250)) for _ in range(r.randrange(6)))


def value(r: random.Random, depth: int = 2):
    k = r.randrange(10 if depth > 0 else 6)
    if k < 6:
        return scalar(r)
    n = r.randrange(5)
    if k == 6:
        return [value(r, depth - 1) for _ in range(n)]
    if k == 7:
        return tuple(value(r, depth - 1) for _ in range(n))
    if k == 8:
        return np.asarray([r.randrange(0, 300) for _ in range(n)], dtype=r.choice([np.int32, np.int64, np.float32]))
    return {r.choice(WORDS + ["seed", "taps", "type", "rng_id", "levels"]): value(r, depth - 1) for _ in range(n)}


def reference_config(r: random.Random):
    pool = []
    for _ in range(r.randrange(3)):
        e = {"type": r.choice(["sobol", "lfsr", "true_random", value(r, 0)])}
        if r.random() < 0.6:
            e["seed"] = r.choice([r.randrange(1, 255), [r.randrange(1, 9) for _ in range(3)], value(r, 1)])
        if r.random() < 0.3:
            e["taps"] = r.choice([[8, 6, 5, 4], value(r, 1)])
        if r.random() < 0.2:
            e["seed_type"] = value(r, 0)
        pool.append(e if r.random() < 0.9 else value(r, 1))
    sng = {side: [{"rng_id": r.choice([0, 1, value(r, 0)])} if r.random() < 0.9 else value(r, 1)
                  for _ in range(r.randrange(4))] for side in ("q", "k") if r.random() < 0.9}
    cfg = {"rng_pool": pool, "sng": sng}
    if r.random() < 0.1:
        del cfg[r.choice(["rng_pool", "sng"])]
    return cfg if r.random() < 0.95 else value(r)


KEYWORDS = ["granularity", "mode", "sc_prec", "stoc_len", "chunk_d", "group_a", "group_b", "rng_levels", "config",
            "halve_bipolar_stoc_len", "smooth_scales", "scramble", "scramble_rescale", "scramble_seed", "multiplier",
            "rng", "rng_params", "rng_seed", "backend", "threads", "row_stoc_len_a", "row_stoc_len_b", "return_counts",
            "return_report", "activity", "activity_sample_rows"]
GOOD = {"sc_prec": [4, 8], "stoc_len": [None, 4, 16], "chunk_d": [0, 4], "group_a": [1, 2], "group_b": [1],
        "rng_levels": [None, 16], "scramble": ["off", "bitrev", "random"], "multiplier": ["enable", "xnor"],
        "rng": ["sobol_simple", "lfsr_default"], "backend": ["auto", "cpu"], "threads": [0, 1],
        "row_stoc_len_a": [None, [8, 4]], "granularity": ["per_row", "per_tensor"], "mode": ["bipolar", "unipolar"],
        "return_report": [False, True], "activity": ["off", "sampled", "full"], "activity_sample_rows": [1, 16]}


def keywords(r: random.Random) -> dict:
    kw = {}
    for _ in range(r.randrange(5)):
        name = r.choice(KEYWORDS)
        if name == "config":
            kw[name] = reference_config(r)
        elif name in GOOD and r.random() < 0.5:
            kw[name] = r.choice(GOOD[name])
        else:
            kw[name] = value(r)
    return kw


def check(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (TypeError, ValueError):
        return None


def test_random_sc_matmul_keywords(prng):
    a = np.random.default_rng(1).standard_normal((2, 8)).astype(np.float32)
    b = np.random.default_rng(2).standard_normal((3, 8)).astype(np.float32)
    ran = 0
    for _ in range(CASES):
        kw = keywords(prng)
        if isinstance(kw.get("backend"), str) and kw["backend"] == "cycle":
            kw["backend"] = "cpu"
        if check(_matmul.options_for, a.shape, **{k: v for k, v in kw.items() if k not in ("backend", "return_counts", "return_report")}) \
                is not None:
            ran += 1
        y = check(scmp.sc_matmul, a, b, **kw)
        if y is not None:
            y = y[0] if isinstance(y, tuple) else y
            assert y.shape == (2, 3) and np.isfinite(y).all(), kw
    assert ran >= CASES // 20, f"only {ran} of {CASES} random keyword sets parsed"


def test_random_reference_configs(prng):
    a = np.ones((2, 4), np.float32)
    for _ in range(CASES):
        check(scmp.sc_matmul, a, a, config=reference_config(prng), stoc_len=8)


MP_KEYS = ["levels", "stoc_len_levels", "fractions", "operator_defaults", "buckets", "target_fractions",
           "timestep_buckets", "layer_buckets", "enable_pruning", "threshold_table", "impl", "metric", "boundaries",
           "fixed_levels", "base_threshold", "operator_thresholds", "group_size", "qk_metric", "extra"]


def mp_value(r: random.Random):
    return r.choice([[256, 128], [128, 64, 32], [0.5, 0.5], {"fc": [0.5]}, {"fc": {"thresholds": [0.3]}},
                     {("fc", 0, 0): [0.2]}, {(0, "fc"): [0.5]}, {(0, "fc"): 1}, value(r), value(r), value(r)])


def test_random_mp_configs(prng, tmp_path):
    metric = np.linspace(0, 1, 7, dtype=np.float32)
    weight = np.random.default_rng(3).standard_normal((4, 6)).astype(np.float32)
    ctors = [mp.MPConfig, mp.AdaptiveMPConfig, mp.FreeBoundaryMPConfig, mp.RangeMPConfig]
    fields = {c: [f.name for f in __import__("dataclasses").fields(c)] for c in ctors}
    for _ in range(CASES):
        ctor = prng.choice(ctors)
        kw = {"stoc_len_levels": prng.choice([[256, 128], [64], value(prng)])}
        for name in prng.sample(fields[ctor], prng.randrange(3)):
            kw[name] = mp_value(prng)
        if "threshold_table_path" in kw:
            kw["threshold_table_path"] = str(tmp_path / "missing.json")
        cfg = check(ctor, **kw)
        if cfg is None:
            continue
        if isinstance(cfg, mp.RangeMPConfig):
            check(mp.classify_groups_by_range, weight, prng.choice([1, 2, value(prng)]), cfg, prng.choice(["fc", None]))
        elif isinstance(cfg, mp.MPConfig):
            check(cfg.classify, metric)
        else:
            check(mp.adaptive_classify_rows, metric, cfg, prng.choice(["fc", None]), prng.choice([None, 0, 1]),
                  prng.choice([None, 2]))
        if isinstance(cfg, mp.FreeBoundaryMPConfig):
            check(cfg.set_boundaries, "fc", prng.choice([0, 1]), prng.choice([[0.5], [2.0], value(prng)]))
            check(cfg.set_fixed_level, "fc", 0, prng.choice([0, 5, value(prng)]))
            check(cfg.classify, metric, "fc", 0)
        check(mp.Policy, cfg)


def test_random_adaptive_from_dict_and_policies(prng):
    metric = np.linspace(0, 1, 5, dtype=np.float32)
    for _ in range(CASES):
        d = {"levels": [256, 128]} if prng.random() < 0.7 else {}
        for name in prng.sample(MP_KEYS, prng.randrange(4)):
            d[name] = mp_value(prng)
        cfg = check(mp.AdaptiveMPConfig.from_dict, d if prng.random() < 0.95 else value(prng))
        if cfg is not None:
            check(cfg.classify, metric, "fc", prng.choice([None, 0]), prng.choice([None, 1]))
        spec = dict(d, impl=prng.choice(["quantile", "adaptive", "free_boundary", "range", "uniform", value(prng)]))
        policy = check(mp.Policy, spec if prng.random() < 0.9 else value(prng))
        if policy is not None:
            check(policy.assign, row_metric=metric, weight=np.ones((3, 4), np.float32), op="fc",
                  macs_per_row=prng.choice([None, [1] * 5, value(prng)]), block=prng.choice([0, 1, value(prng)]))
