"""scmp.mp: the reference's classifiers (REFERENCE.md §7) against a direct Python statement of their rules and
against the C++ policies (`scmp sweep` row_stoc_len), and their bad inputs."""

import json

import h5py
import numpy as np
import pytest

import scmp
from scmp import mp
from conftest import npy_operand, run_sweep


def quantile_reference(metric, fractions):
    order = sorted(range(len(metric)), key=lambda r: (-metric[r], r))  # stable, descending
    levels = np.zeros(len(metric), dtype=np.int64)
    offset = 0
    for i, frac in enumerate(fractions):
        count = round(frac * len(metric)) if i < len(fractions) - 1 else len(metric) - offset
        count = max(0, min(count, len(metric) - offset))
        for r in order[offset:offset + count]:
            levels[r] = i
        offset += count
    return levels


def normalised(metric):
    m = np.asarray(metric, np.float32)
    return (m - m.min()) / (m.max() - m.min())


def test_classify_rows_by_metric_exhaustive_small(rng):
    for n in range(1, 12):
        for _ in range(5):
            metric = rng.integers(0, 4, size=n).astype(np.float32)  # many ties
            fractions = [0.25, 0.5, 0.25]
            got = mp.classify_rows_by_metric(metric, [128, 64, 16], fractions)
            assert np.array_equal(got.row_levels, quantile_reference(metric, fractions)), metric
            assert np.array_equal(got.stoc_len, np.array([128, 64, 16])[got.row_levels])
            assert sorted(sum((list(v) for v in got.level_row_indices.values()), [])) == list(range(n))


def test_adaptive_thresholds_and_buckets(rng):
    metric = rng.standard_normal(50).astype(np.float32)
    cfg = mp.AdaptiveMPConfig([256, 128, 64], operator_default_thresholds={"fc": [0.6, 0.3]},
                              bucket_thresholds={("fc", 0, 1): [0.9, 0.1]}, layer_buckets=2)
    m = normalised(metric)
    expect = (m < np.float32(0.6)).astype(int) + (m < np.float32(0.3)).astype(int)
    assert np.array_equal(mp.adaptive_classify_rows(metric, cfg, "fc").row_levels, expect)
    bucket = (m < np.float32(0.9)).astype(int) + (m < np.float32(0.1)).astype(int)
    assert np.array_equal(mp.adaptive_classify_rows(metric, cfg, "fc", block_idx=1, total_blocks=2).row_levels, bucket)
    assert np.array_equal(mp.adaptive_classify_rows(metric, cfg, "fc", block_idx=0, total_blocks=2).row_levels, expect)
    flat = np.full(7, 3.0, np.float32)
    assert (mp.adaptive_classify_rows(flat, cfg, "fc").row_levels == 0).all()


def test_adaptive_from_reference_table_file(tmp_path, rng):
    table = {"stoc_len_levels": [256, 128, 64], "timestep_buckets": 1, "layer_buckets": 1,
             "operator_defaults": {"qk": {"thresholds": [0.5, 0.25]}, "av": [0.7, 0.2]}}
    path = tmp_path / "table.json"
    path.write_text(json.dumps(table))
    metric = rng.random(20).astype(np.float32)
    from_file = mp.AdaptiveMPConfig.from_file(str(path))
    by_path = mp.AdaptiveMPConfig([256, 128, 64], threshold_table_path=str(path))
    m = normalised(metric)
    expect = (m < np.float32(0.7)).astype(int) + (m < np.float32(0.2)).astype(int)
    for cfg in (from_file, by_path):
        assert np.array_equal(mp.adaptive_classify_rows(metric, cfg, "av").row_levels, expect)
    yaml_path = tmp_path / "table.yaml"
    yaml_path.write_text("levels: [256, 128, 64]\ntarget_fractions: [0.5, 0.25, 0.25]\n")
    got = mp.adaptive_classify_rows(metric, mp.AdaptiveMPConfig.from_file(str(yaml_path)), "av")
    assert np.array_equal(got.row_levels, quantile_reference(metric, [0.5, 0.25, 0.25]))


def test_free_boundary(rng):
    metric = rng.random(30).astype(np.float32)
    cfg = mp.FreeBoundaryMPConfig([128, 64, 32])
    m = normalised(metric)
    default = (m < np.float32(2 / 3)).astype(int) + (m < np.float32(1 / 3)).astype(int)
    assert np.array_equal(mp.adaptive_classify_rows(metric, cfg, "up").row_levels, default)
    cfg.set_boundaries("up", 2, [0.8, 0.4])
    b = (m < np.float32(0.8)).astype(int) + (m < np.float32(0.4)).astype(int)
    assert np.array_equal(mp.adaptive_classify_rows(metric, cfg, "up", block_idx=2).row_levels, b)
    cfg.set_fixed_level("up", 2, 1)
    assert (mp.adaptive_classify_rows(metric, cfg, "up", block_idx=2).row_levels == 1).all()
    with pytest.raises(ValueError):
        cfg.set_fixed_level("up", 2, 7)
    assert cfg.get_fixed_level("up", 2) == 1  # a refused change leaves the config as it was


def test_range_groups(rng):
    w = rng.standard_normal((12, 16)).astype(np.float32)
    w[:4] *= 10
    got = mp.classify_groups_by_range(w, 4, mp.RangeMPConfig([128, 64, 32], base_threshold=0.3))
    assert got.side == "b" and len(got) == 12
    r = np.array([np.float32(w[g * 4:(g + 1) * 4].max() - w[g * 4:(g + 1) * 4].min()) for g in range(3)], np.float32)
    rn = (r - r.min()) / (r.max() - r.min() + np.float32(1e-8))
    bounds = np.array([0.3, 0.15], np.float32)
    levels = (rn[:, None] < bounds[None]).sum(1)
    assert np.array_equal(got.row_levels, np.repeat(levels, 4))
    with pytest.raises(ValueError, match="group_size"):
        mp.classify_groups_by_range(w, 5, mp.RangeMPConfig([128, 64]))


@pytest.mark.parametrize("policy", [
    {"impl": "quantile", "levels": [128, 32], "fractions": [0.25, 0.75]},
    {"impl": "adaptive", "levels": [256, 64, 16], "operator_defaults": {"fc": [0.5, 0.2]}},
    {"impl": "free_boundary", "levels": [128, 64, 32]},
    {"impl": "range", "levels": [128, 64], "group_size": 2},
])
def test_policies_match_cpp_sweep(policy, scmp_binary, tmp_path, rng):
    a = (rng.standard_normal((16, 32)) * rng.uniform(0.1, 4, size=(16, 1))).astype(np.float32)
    b = (rng.standard_normal((8, 32)) * rng.uniform(0.1, 4, size=(8, 1))).astype(np.float32)
    config = {"version": 1, "experiment": {"name": "mp", "seed": 0}, "hardware": {"stoc_len": 0},
              "workload": {"operators": {"fc": {"a": npy_operand(tmp_path, "a", a), "b": npy_operand(tmp_path, "b", b)}}},
              "mp": policy, "metrics": {"store_outputs": True}}
    out = run_sweep(scmp_binary, tmp_path, config)
    with h5py.File(out, "r") as f:
        y_cpp = f["runs/base/ops/fc/y"][()]
    p = mp.Policy(policy)
    got = p.assign(row_metric=mp.row_metric(a, p.metric("fc")) if p.metric("fc") else None, weight=b, op="fc",
                   macs_per_row=[32 * 8] * 16)
    key = "row_stoc_len_a" if got.side == "a" else "row_stoc_len_b"
    y = scmp.sc_matmul(a, b, **{key: got})
    assert np.array_equal(y.view(np.uint32), y_cpp.view(np.uint32))


@pytest.mark.parametrize("make,text", [
    (lambda: mp.MPConfig([128, 64], [0.5, 0.6]), "fractions"),
    (lambda: mp.MPConfig([64, 128]), "descending"),
    (lambda: mp.MPConfig([512, 64]), "512"),
    (lambda: mp.AdaptiveMPConfig([128]), "levels"),
    (lambda: mp.AdaptiveMPConfig([128, 64, 0], operator_default_thresholds={"fc": [0.5, 0.2]}), "levels"),
    (lambda: mp.AdaptiveMPConfig([128, 64], operator_default_thresholds={"fc": [1.5]}), "1.5"),
    (lambda: mp.AdaptiveMPConfig([128, 64], bucket_thresholds={"fc:x": [0.5]},
                                 operator_default_thresholds={"fc": [0.5]}), "fc:x"),
    (lambda: mp.AdaptiveMPConfig.from_dict({"levels": [128, 64], "bogus": 1}), "bogus"),
    (lambda: mp.FreeBoundaryMPConfig([128, 64], boundaries={(0, "fc"): [0.2, 0.5]}), "boundaries"),
    (lambda: mp.RangeMPConfig([128, 64], base_threshold=2.0), "base_threshold"),
    (lambda: mp.Policy({"impl": "nonesuch"}), "nonesuch"),
    (lambda: mp.Policy({"impl": "quantile", "levels": [64], "fractionz": [1.0]}), "fractionz"),
    (lambda: mp.Policy("impl: [unclosed"), ""),
    (lambda: mp.classify_rows_by_metric(np.ones((2, 2)), [64, 32]), "metric"),
    (lambda: mp.MPConfig([128, 64]).classify(np.array([1.0, np.nan])), "metric[1] = nan"),
    (lambda: mp.classify_groups_by_range(np.full((2, 2), np.inf), 1, mp.RangeMPConfig([128, 64])), "weight[0][0]"),
])
def test_bad_mp_configs(make, text):
    with pytest.raises(ValueError) as info:
        make()
    assert text in str(info.value)


@pytest.mark.parametrize("value", [np.array([]), np.array([True, False]), "yes", 2, None])
def test_adaptive_enable_pruning_must_be_a_bool(value):
    with pytest.raises(TypeError, match="enable_pruning"):
        mp.AdaptiveMPConfig.from_dict({"levels": [128, 64], "enable_pruning": value})


def test_adaptive_without_thresholds_for_operator_raises(rng):
    cfg = mp.AdaptiveMPConfig([128, 64], operator_default_thresholds={"fc": [0.5]})
    with pytest.raises(ValueError, match="qk"):
        mp.adaptive_classify_rows(rng.random(5).astype(np.float32), cfg, "qk")


def test_calibration_meets_budget(rng):
    a = (rng.standard_normal((32, 64)) * rng.uniform(0.1, 5, size=(32, 1))).astype(np.float32)
    b = rng.standard_normal((16, 64)).astype(np.float32)
    model = mp.measure_error_model(a, b, [128, 64, 32, 16], chunk_d=32)
    assert list(model.levels) == [128, 64, 32, 16] and len(model.coefficient) == 4
    result = mp.calibrate(mp.row_metric(a), [64 * 16] * 32, model, 40.0, chunk_d=32)
    assert result.feasible and result.expected_avg_stoc_len <= 40.0
    with pytest.raises(ValueError, match="chunk_d"):
        mp.calibrate(mp.row_metric(a), [64 * 16] * 32, model, 40.0, chunk_d=16)
