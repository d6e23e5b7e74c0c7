# scmp analysis: read scmp-sweep-v1 HDF5 sweeps (results.py, the only HDF5 reader), plot them and write a report.
"""Analysis of scmp sweeps.

    python3 -m analysis.report OUT.h5 -o DIR     # PNG plots + DIR/report.md

Library use: ``from analysis import results; sweep = results.load("OUT.h5")``.
"""

__all__ = ["results", "aggregate", "report"]
