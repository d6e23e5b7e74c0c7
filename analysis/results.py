# The one reader of scmp-sweep-v1 HDF5 files: provenance, the flat /index table and per-run operator data.
"""Load a sweep file written by ``scmp sweep`` (layout ``scmp-sweep-v1``, documented in docs/RESULTS.md).

Contract:
  * ``load(path)`` opens the file once, checks the root ``schema`` attribute and reads the root attributes and
    the whole ``/index`` table into memory; per-run groups are read on demand by ``run()``.
  * Every string that HDF5 stores as bytes (fixed-length fields, NUL padded) comes back as ``str``.
  * A file that is not HDF5, or whose ``schema`` is not ``scmp-sweep-v1``, raises ``SchemaError`` naming the
    path and what was found; nothing else in ``analysis/`` opens HDF5 files.
  * Nothing here changes a number: metrics and costs are returned exactly as stored (NaN = not computed).

Example::

    from analysis import results
    sweep = results.load("out.h5")
    ok = sweep.index[sweep.index["status"] == "ok"]
    ops = sweep.run(ok["run_id"][0])          # {"q": OpData(...), ...}
    ops["q"].datasets["row_stoc_len"]
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Dict, List, Optional, Sequence, Union

import h5py
import numpy as np

SCHEMA = "scmp-sweep-v1"

# Index fields that are not sweep axes, in file order (see the layout in docs/RESULTS.md).
KEY_FIELDS = ("run_id", "config_hash", "status")
DEFAULT_METRICS = ("mse", "rmse", "max_abs", "rel_fro", "cosine", "bias")
DEFAULT_COST = ("cycles", "avg_stoc_len_row", "avg_stoc_len_mac", "energy_pj", "area_um2")


class SchemaError(Exception):
    """The file is not a readable scmp-sweep-v1 file (the message names the path and what was found)."""


@dataclasses.dataclass
class OpData:
    """One operator of one run: its attributes (mse, macs, ...) and its datasets (row_stoc_len, histograms, ...)."""

    name: str
    attrs: Dict[str, Any]
    datasets: Dict[str, np.ndarray]


def _decode(value: Any) -> Any:
    """Turn HDF5 attribute values into plain Python values: bytes → str, 1-element arrays → scalars."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8", errors="replace").rstrip("\x00")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in ("S", "O", "U") and value.size == 1:
            return _decode(value.reshape(-1)[0])
        if value.size == 1 and value.ndim <= 1:
            return value.reshape(-1)[0].item()
        if value.dtype.kind in ("S", "O"):
            return [_decode(v) for v in value.reshape(-1)]
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def _attrs(obj: h5py.HLObject) -> Dict[str, Any]:
    return {key: _decode(obj.attrs[key]) for key in obj.attrs.keys()}


def _name_list(text: Any) -> List[str]:
    """Split a "\\n"-joined field list attribute (an empty string means no fields)."""
    if text is None:
        return []
    if isinstance(text, list):
        return [str(t) for t in text if str(t)]
    return [line for line in str(text).split("\n") if line.strip()]


def _decode_table(raw: np.ndarray) -> np.ndarray:
    """Copy a compound table into a structured array whose byte-string fields are unicode ``U`` fields."""
    fields = []
    for name in raw.dtype.names or ():
        kind = raw.dtype[name].kind
        if kind in ("S", "O"):
            width = max([1] + [len(_decode(v)) for v in raw[name]])
            fields.append((name, f"U{width}"))
        else:
            fields.append((name, raw.dtype[name]))
    table = np.empty(raw.shape, dtype=fields)
    for name in raw.dtype.names or ():
        if raw.dtype[name].kind in ("S", "O"):
            table[name] = [_decode(v) for v in raw[name]]
        else:
            table[name] = raw[name]
    return table


class SweepResults:
    """An opened sweep: ``attrs`` (root provenance), ``index`` (one row per finished run), field names and units."""

    def __init__(self, path: str, attrs: Dict[str, Any], index: np.ndarray, index_attrs: Dict[str, Any]):
        self.path = path
        self.attrs = attrs
        self.index = index
        names = list(index.dtype.names or ())
        self.axes = _name_list(index_attrs.get("axes")) if "axes" in index_attrs else self._infer_axes(names)
        self.metrics = (_name_list(index_attrs.get("metrics")) if "metrics" in index_attrs
                        else [m for m in DEFAULT_METRICS if m in names])
        self.cost = (_name_list(index_attrs.get("cost")) if "cost" in index_attrs
                     else [c for c in DEFAULT_COST if c in names])
        # Keep only names the table really has, so a hand-edited attribute cannot break callers.
        self.axes = [a for a in self.axes if a in names]
        self.metrics = [m for m in self.metrics if m in names]
        self.cost = [c for c in self.cost if c in names]
        self.units = {key[len("unit."):]: str(value) for key, value in index_attrs.items() if key.startswith("unit.")}

    @staticmethod
    def _infer_axes(names: List[str]) -> List[str]:
        # Axes sit between the key fields and the first metric in the fixed field order.
        known = set(KEY_FIELDS) | set(DEFAULT_METRICS) | set(DEFAULT_COST) | {"wall_s"}
        return [n for n in names if n not in known]

    # --- provenance -------------------------------------------------------------------------------------------
    @property
    def schema(self) -> str:
        return str(self.attrs.get("schema", ""))

    # --- the index --------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.index.shape[0])

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of the index rows whose status is "ok"."""
        return self.index["status"] == "ok" if len(self) else np.zeros(0, dtype=bool)

    def axis_is_string(self, axis: str) -> bool:
        return self.index.dtype[axis].kind == "U"

    def unit(self, field: str) -> str:
        return self.units.get(field, "")

    # --- per-run data -----------------------------------------------------------------------------------------
    def run_ids(self) -> List[str]:
        """Run groups present under /runs (including failed runs, which may lack operator data)."""
        with self._open() as f:
            return sorted(f["runs"].keys()) if "runs" in f else []

    def run_attrs(self, run_id: str) -> Dict[str, Any]:
        """Attributes of /runs/<run_id> (config_yaml, config_hash, status, error, wall_s); {} when absent."""
        with self._open() as f:
            group = f.get(f"runs/{run_id}")
            return _attrs(group) if isinstance(group, h5py.Group) else {}

    def run(self, run_id: str, datasets: Union[bool, Sequence[str]] = True) -> Dict[str, OpData]:
        """Per-operator data of one run: {op name: OpData}; {} for a run without /ops (e.g. a failed run).

        ``datasets``: True reads every dataset, False none (attributes only), a list of names only those that
        exist (cheap when the run stores large ``y``/``accumulators``)."""
        out: Dict[str, OpData] = {}
        with self._open() as f:
            ops = f.get(f"runs/{run_id}/ops")
            if not isinstance(ops, h5py.Group):
                return out
            for name in ops.keys():
                group = ops[name]
                if not isinstance(group, h5py.Group):
                    continue
                data: Dict[str, np.ndarray] = {}
                if datasets is not False:
                    wanted = group.keys() if datasets is True else [k for k in datasets if k in group]
                    for key in wanted:
                        if isinstance(group[key], h5py.Dataset):
                            data[key] = group[key][()]
                out[name] = OpData(name=name, attrs=_attrs(group), datasets=data)
        return out

    def op_dataset(self, run_id: str, op: str, name: str) -> Optional[np.ndarray]:
        """One dataset of one operator, or None when the file does not store it."""
        with self._open() as f:
            dset = f.get(f"runs/{run_id}/ops/{op}/{name}")
            return dset[()] if isinstance(dset, h5py.Dataset) else None

    # --- interop ----------------------------------------------------------------------------------------------
    def to_dataframe(self):
        """The index as a pandas DataFrame (needs pandas; the rest of this module does not)."""
        try:
            import pandas as pd  # noqa: WPS433 (optional dependency)
        except ImportError as err:  # pragma: no cover - depends on the machine
            raise ImportError("to_dataframe() needs pandas; use .index (a numpy structured array) instead") from err
        return pd.DataFrame({name: self.index[name] for name in self.index.dtype.names})

    def _open(self) -> h5py.File:
        return h5py.File(self.path, "r")


def load(path: str) -> SweepResults:
    """Open a scmp-sweep-v1 file; raise SchemaError for anything else (missing, not HDF5, other schema)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise SchemaError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as err:
        raise SchemaError(f"{path}: not an HDF5 file ({err})") from err
    with f:
        attrs = _attrs(f)
        schema = attrs.get("schema")
        if schema != SCHEMA:
            found = "no 'schema' attribute" if schema is None else f"schema = {schema!r}"
            raise SchemaError(f"{path}: {found}: expected schema = {SCHEMA!r} (a file written by 'scmp sweep')")
        if "index" not in f or not isinstance(f["index"], h5py.Dataset):
            raise SchemaError(f"{path}: schema {SCHEMA} but no /index dataset")
        dset = f["index"]
        if dset.dtype.names is None or "run_id" not in dset.dtype.names or "status" not in dset.dtype.names:
            raise SchemaError(f"{path}: /index is not a compound table with run_id and status fields")
        index = _decode_table(dset[()])
        index_attrs = _attrs(dset)
    return SweepResults(path, attrs, index, index_attrs)
