"""scmp.read_sweep: a `scmp-sweep-v1` HDF5 file as a tidy pandas DataFrame (reads through analysis.results)."""

from __future__ import annotations

import json
from typing import Any, Dict


def _flatten(node: Any, prefix: str, out: Dict[str, Any]) -> None:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(node, (list, dict)):
        out[prefix] = json.dumps(node, sort_keys=True)  # lists and empty maps as one text value
    else:
        out[prefix] = node


def _typed(series, base: Any):
    """An axis stored as float64 (numbers and booleans) back to bool / int when the configuration's type says so."""
    import numpy as np
    import pandas as pd
    if series.dtype.kind != "f":
        return series
    values = series.to_numpy()
    finite = values[~np.isnan(values)]
    if isinstance(base, bool) and np.isin(finite, (0.0, 1.0)).all():
        return series.map(lambda v: bool(v) if v == v else pd.NA).astype("boolean")
    if (isinstance(base, int) or base is None) and finite.size and (finite == np.round(finite)).all():
        return series.astype("Int64") if finite.size != values.size else series.astype("int64")
    return series


def read_sweep(path: str, per_operator: bool = False):
    """Read a ``scmp sweep`` results file (layout ``scmp-sweep-v1``, docs/RESULTS.md) into a pandas DataFrame.

    One row per run (``per_operator=True``: one row per run × operator, with column ``op`` and the operator's
    metrics/costs in the metric columns; the run-level values then appear as ``run.<name>``). Columns: run_id,
    config_hash, status, every fixed configuration value of the resolved base configuration by its dotted path
    (``hardware.sc_prec``, ``experiment.seed``, …; lists as JSON text), the swept axes (overriding the fixed
    value), the metrics and costs. Strings are ``str``; integer and boolean values have integer / boolean
    dtypes. ``df.attrs``: ``units`` (field → unit), ``axes``, ``metrics``, ``cost`` and ``provenance`` (the
    file's root attributes).

    Raises ``analysis.results.SchemaError`` for a file that is not a scmp-sweep-v1 file.
    """
    import pandas as pd
    import yaml
    from analysis import results

    sweep = results.load(path)
    frame = sweep.to_dataframe()
    fixed: Dict[str, Any] = {}
    resolved = sweep.attrs.get("resolved_yaml") or ""
    if resolved:
        _flatten(yaml.safe_load(resolved) or {}, "", fixed)
    for skip in ("sweep", "experiment.output", "version"):
        for key in [k for k in fixed if k == skip or k.startswith(skip + ".")]:
            fixed.pop(key)
    columns = {}
    for name in ("run_id", "config_hash", "status"):
        if name in frame:
            columns[name] = frame[name].astype(str)
    for key, value in fixed.items():
        if key in sweep.axes:
            continue
        columns[key] = pd.Series([value] * len(frame), index=frame.index)
    for axis in sweep.axes:
        base = fixed.get(axis)
        columns[axis] = frame[axis].astype(str) if sweep.axis_is_string(axis) else _typed(frame[axis], base)
    for name in frame.columns:
        if name not in columns:
            columns[name] = frame[name]
    df = pd.DataFrame(columns, index=frame.index)
    # Fixed values: typed as their YAML scalars (all rows equal).
    for key in fixed:
        if key in df and key not in sweep.axes:
            value = fixed[key]
            if isinstance(value, bool):
                df[key] = df[key].astype(bool)
            elif isinstance(value, int):
                df[key] = df[key].astype("int64")
            elif isinstance(value, float):
                df[key] = df[key].astype("float64")
            elif value is None:
                df[key] = df[key].astype(object)
            else:
                df[key] = df[key].astype(str)
    if per_operator:
        df = _per_operator(sweep, df)
    df.attrs["units"] = dict(sweep.units)
    df.attrs["axes"] = list(sweep.axes)
    df.attrs["metrics"] = list(sweep.metrics)
    df.attrs["cost"] = list(sweep.cost)
    df.attrs["provenance"] = {k: v for k, v in sweep.attrs.items()}
    df.attrs["path"] = str(path)
    return df


def _per_operator(sweep, runs):
    import pandas as pd
    rows = []
    for position, run_id in enumerate(runs["run_id"]):
        run_row = runs.iloc[position]
        for op, data in sorted(sweep.run(run_id, datasets=False).items()):
            row = {}
            for name, value in run_row.items():
                row[f"run.{name}" if name in data.attrs else name] = value
            row["op"] = op
            row.update(data.attrs)
            rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    for name in out.columns:
        if out[name].dtype == object and all(isinstance(v, str) for v in out[name]):
            out[name] = out[name].astype(str)
        if name in runs.columns and out[name].dtype != runs[name].dtype:
            try:
                out[name] = out[name].astype(runs[name].dtype)
            except (TypeError, ValueError):
                pass
    for name in ("macs", "cost_sampled", "cost_sample_rows_a", "cost_sample_rows_b"):
        if name in out and out[name].notna().all():
            out[name] = out[name].astype("int64")
    return out
