"""Train a small MLP on scikit-learn's handwritten digits, then run every Linear layer in stochastic computing.

    .venv/bin/python examples/digits_mlp.py                       # ~1 min on 2 cores → results/digits_mlp/
    .venv/bin/python examples/digits_mlp.py --epochs 5 --lengths 64 16 --out /tmp/d   # the test's small setting

Reports test accuracy of the fp32 model, of the SC model at uniform stream lengths 256…16, and of two
mixed-precision policies at the same MAC-weighted budget (default 32 cycles per MAC, equal to uniform L = 32):
  * quantile: the third of the rows with the largest activations at L = 64, the rest at L = 16 (MPConfig);
  * calibrated: per layer, scmp's calibration (measured error model → least predicted error under the budget,
    levels 128/64/32/16) on training inputs, deployed as quantile fractions.
Writes accuracy.json and accuracy.png (accuracy vs stream length, MP points at their realised budget).
"""

import argparse
import copy
import json
import os

import numpy as np
import torch
from torch import nn

import scmp
import scmp.torch as sct
from scmp import mp


def data(seed):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    x_tr, x_te, y_tr, y_te = train_test_split(x, digits.target, test_size=0.25, random_state=seed,
                                              stratify=digits.target)
    return (torch.from_numpy(x_tr), torch.from_numpy(y_tr).long(), torch.from_numpy(x_te), torch.from_numpy(y_te).long())


def train(x, y, hidden, epochs, seed):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(epochs):
        for idx in torch.randperm(len(x), generator=torch.Generator().manual_seed(seed)).split(128):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
    return model


@torch.no_grad()
def accuracy(model, x, y):
    return float((model(x).argmax(1) == y).float().mean())


def mac_budget(model):
    """MAC-weighted mean stream length of the last forward over every SCLinear (a row of a: out_features·in MACs)."""
    macs = cycles = 0.0
    for m in model.modules():
        if isinstance(m, sct.SCLinear):
            per_row = m.in_features * m.out_features
            lens = m.last_assignment.stoc_len if m.last_assignment is not None else None
            rows = m.last_rows
            macs += per_row * rows
            cycles += per_row * (lens.sum() if lens is not None else rows * m.sc_options["stoc_len"])
    return cycles / macs


def layer_inputs(model, x):
    """{name: input of each Linear} for a batch (forward hooks on the dense model)."""
    inputs, hooks = {}, []
    for name, m in model.named_modules():
        if isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(lambda mod, inp, out, name=name: inputs.__setitem__(name, inp[0])))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return inputs


def calibrated_policies(model, x_cal, budget, levels):
    policies = {}
    for name, x_in in layer_inputs(model, x_cal).items():
        w = model.get_submodule(name).weight.detach()
        errors = mp.measure_error_model(x_in, w, levels)
        metric = mp.row_metric(x_in)
        result = mp.calibrate(metric, [w.shape[0] * w.shape[1]] * len(metric), errors, budget)
        policies[name] = {"impl": "quantile", "levels": list(result.levels), "fractions": list(result.fractions)}
    return policies


def count_rows(model):
    for m in model.modules():
        if isinstance(m, sct.SCLinear):
            m.register_forward_pre_hook(lambda mod, inp: setattr(mod, "last_rows", inp[0].reshape(-1, mod.in_features).shape[0]))
    return model


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--lengths", type=int, nargs="+", default=[256, 128, 64, 32, 16])
    p.add_argument("--budget", type=float, default=32.0, help="MAC-weighted stream length of the MP policies")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="results/digits_mlp")
    args = p.parse_args(argv)

    x_tr, y_tr, x_te, y_te = data(args.seed)
    dense = train(x_tr, y_tr, args.hidden, args.epochs, args.seed)
    rows = [{"model": "fp32", "stoc_len": None, "budget": None, "accuracy": accuracy(dense, x_te, y_te)}]
    for L in args.lengths:
        sc = count_rows(sct.convert(copy.deepcopy(dense), stoc_len=L))
        rows.append({"model": "uniform", "stoc_len": L, "budget": float(L), "accuracy": accuracy(sc, x_te, y_te)})
    budget = args.budget
    quantile = {"impl": "quantile", "levels": [2 * int(budget), int(budget) // 2], "fractions": [1 / 3, 2 / 3]}
    calibrated = calibrated_policies(dense, x_tr[:256], budget, [128, 64, 32, 16])
    for label, policy in (("mp_quantile", quantile), ("mp_calibrated", calibrated)):
        sc = count_rows(sct.convert(copy.deepcopy(dense), policy=policy, stoc_len=256))
        acc = accuracy(sc, x_te, y_te)
        rows.append({"model": label, "stoc_len": None, "budget": mac_budget(sc), "accuracy": acc,
                     "policy": policy})

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "accuracy.json"), "w") as f:
        json.dump({"scmp_version": scmp.__version__, "seed": args.seed, "epochs": args.epochs, "rows": rows}, f,
                  indent=1)
    print(f"{'model':<14} {'L / budget':>10} {'test accuracy':>14}")
    for r in rows:
        where = "" if r["budget"] is None else f"{r['budget']:.1f}"
        print(f"{r['model']:<14} {where:>10} {r['accuracy']:>14.4f}")
    plot(rows, os.path.join(args.out, "accuracy.png"))
    print(f"wrote {args.out}/accuracy.json and accuracy.png")
    return rows


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3.5))
    uni = [r for r in rows if r["model"] == "uniform"]
    ax.plot([r["budget"] for r in uni], [r["accuracy"] for r in uni], "o-", label="uniform L")
    for r, marker in zip([r for r in rows if r["model"].startswith("mp_")], "s^"):
        ax.plot([r["budget"]], [r["accuracy"]], marker, markersize=9, label=r["model"].replace("_", " "))
    ax.axhline(rows[0]["accuracy"], color="gray", ls="--", label="fp32")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("stream length (MAC-weighted, cycles)")
    ax.set_ylabel("test accuracy")
    ax.set_title("Digits MLP, every Linear in SC")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
