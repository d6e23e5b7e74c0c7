"""scmp.torch: SCLinear forward = sc_matmul + fp32 bias, straight-through backward, convert() with include /
exclude / policies / metric hooks (real torch, CPU)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

import scmp  # noqa: E402
import scmp.torch as sct  # noqa: E402
from conftest import same_bits  # noqa: E402


def test_sclinear_forward_backward():
    torch.manual_seed(0)
    dense = nn.Linear(20, 7)
    layer = sct.SCLinear.from_linear(dense, stoc_len=64, chunk_d=8)
    x = torch.randn(3, 5, 20, requires_grad=True)
    y = layer(x)
    assert y.shape == (3, 5, 7)
    expect = scmp.sc_matmul(x.detach().reshape(15, 20), dense.weight.detach(), stoc_len=64, chunk_d=8) + dense.bias
    assert same_bits(y.detach().reshape(15, 7).numpy(), expect.detach().numpy())
    g = torch.randn(3, 5, 7)
    y.backward(g)
    assert torch.allclose(x.grad, (g.reshape(15, 7) @ dense.weight).reshape(3, 5, 20))
    assert torch.allclose(dense.weight.grad, g.reshape(15, 7).t() @ x.detach().reshape(15, 20))
    assert torch.allclose(dense.bias.grad, g.reshape(15, 7).sum(0))


def test_convert_include_exclude_and_hooks():
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Sequential(nn.Linear(16, 16), nn.Linear(16, 3)))
    sct.convert(model, exclude=["2.1"], record_metrics=True, stoc_len=32)
    assert isinstance(model[0], sct.SCLinear) and isinstance(model[2][0], sct.SCLinear)
    assert type(model[2][1]) is nn.Linear
    x = torch.randn(10, 8)
    model(x)
    metrics = sct.row_metrics(model)
    assert set(metrics) == {"0", "2.0"}
    assert np.array_equal(metrics["0"], x.abs().amax(1).numpy())
    sct.clear_row_metrics(model)
    assert sct.row_metrics(model) == {}
    with pytest.raises(TypeError):
        sct.convert("not a model")


def test_convert_with_policy_gives_one_pass_mp():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(12, 6))
    policy = {"impl": "quantile", "levels": [128, 32], "fractions": [0.5, 0.5]}
    sct.convert(model, policy=policy, stoc_len=128)
    x = torch.randn(8, 12) * torch.linspace(0.1, 3, 8)[:, None]
    y = model(x)
    layer = model[0]
    lens = layer.last_assignment.stoc_len
    assert sorted(set(lens.tolist())) == [32, 128]
    expect = scmp.sc_matmul(x, layer.weight.detach(), stoc_len=128, row_stoc_len_a=lens) + layer.bias.detach()
    assert same_bits(y.detach().numpy(), expect.numpy())


def test_sclinear_rejects_policy_owned_keywords():
    with pytest.raises(TypeError):
        sct.SCLinear(4, 4, row_stoc_len_a=[1, 2, 3, 4])
