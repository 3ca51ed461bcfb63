#!/usr/bin/env python3
"""The training steps of bench/Backprop.Benchmarks/TensorBenchmarks.cs, in numpy and in PyTorch.

numpy runs the book's layers (Deep Learning from Scratch, ch. 5.7) with forward and backward written out by hand;
PyTorch runs the same net through autograd and updates the parameters under torch.no_grad(). Each step is timed
alone with time.perf_counter, after a warm-up; the figure is the median. Float64 throughout, to match backprop's
doubles; PyTorch in float32 is printed for information.

    python3 bench/tensor/bench.py [--quick] [--csharp BenchmarkDotNet-report-full.json]

With --csharp, backprop's medians from BenchmarkDotNet's JSON report go in the first column and the ratios after.

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (bench/tensor/run.sh does), so OpenBLAS picks its kernels
for this CPU itself.
"""

import argparse
import ctypes
import json
import platform
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F


def median_seconds(step, warmup, iterations):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Workload:
    """A net and its batch: the sizes, the activation and the labels as TensorBenchmarks makes them."""

    def __init__(self, name, method, batch, inputs, hidden, classes, activation, one_hot, learning_rate, iterations):
        self.name = name
        self.method = method
        self.batch, self.inputs, self.hidden, self.classes = batch, inputs, hidden, classes
        self.activation = activation
        self.one_hot = one_hot
        self.learning_rate = learning_rate
        self.iterations = iterations

    def data(self, rng):
        """Inputs, the four parameters and class labels, drawn as the C# side draws them (not the same numbers)."""
        if self.activation == "relu":
            # The book: pixels in [0, 1]; weights 0.01·N(0, 1); biases 0.
            x = rng.random((self.batch, self.inputs))
            scale1 = scale2 = 0.01
        else:
            # DeZero's spiral: points in [-1, 1]²; Linear's weights N(0, 1)·sqrt(1/inputs).
            x = rng.random((self.batch, self.inputs)) * 2 - 1
            scale1, scale2 = np.sqrt(1 / self.inputs), np.sqrt(1 / self.hidden)
        w1 = rng.standard_normal((self.inputs, self.hidden)) * scale1
        w2 = rng.standard_normal((self.hidden, self.classes)) * scale2
        b1, b2 = np.zeros(self.hidden), np.zeros(self.classes)
        labels = rng.integers(0, self.classes, self.batch)
        return x, [w1, b1, w2, b2], labels


WORKLOADS = [
    Workload("TwoLayerNet step 784-50-10, batch 100", "TwoLayerNetStep", 100, 784, 50, 10, "relu", True, 0.1, 500),
    Workload("Spiral step 2-10-3, batch 30", "SpiralStep30", 30, 2, 10, 3, "sigmoid", False, 1.0, 5000),
    Workload("Spiral step 2-10-3, batch 300", "SpiralStep300", 300, 2, 10, 3, "sigmoid", False, 1.0, 3000),
]


def numpy_step(workload, x, params, t):
    """Affine, activation, Affine, Softmax-with-Loss forward; their backward; W -= lr·dW. Returns the loss."""
    w1, b1, w2, b2 = params
    n = x.shape[0]

    h1 = x @ w1 + b1
    if workload.activation == "relu":
        off = h1 <= 0
        a1 = h1.copy()
        a1[off] = 0
    else:
        a1 = 1 / (1 + np.exp(-h1))
    h2 = a1 @ w2 + b2
    shifted = h2 - h2.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    y = exps / exps.sum(axis=1, keepdims=True)
    if workload.one_hot:
        loss = -np.sum(t * np.log(y + 1e-7)) / n
        dh2 = (y - t) / n
    else:
        rows = np.arange(n)
        loss = -np.sum(np.log(y[rows, t] + 1e-7)) / n
        dh2 = y.copy()
        dh2[rows, t] -= 1
        dh2 /= n

    dw2 = a1.T @ dh2
    db2 = dh2.sum(axis=0)
    da1 = dh2 @ w2.T
    if workload.activation == "relu":
        da1[off] = 0
        dh1 = da1
    else:
        dh1 = da1 * a1 * (1 - a1)
    dw1 = x.T @ dh1
    db1 = dh1.sum(axis=0)
    # The book's Affine.backward returns dx whether or not anyone wants it; backprop's AffineLayer does too.
    dh1 @ w1.T

    for parameter, gradient in zip(params, (dw1, db1, dw2, db2)):
        parameter -= workload.learning_rate * gradient
    return loss


def torch_step(workload, x, params, t):
    """The same net through autograd; the update under no_grad, as torch.optim.SGD does it. The labels are class
    indices (the book's one-hot labels give the same loss); x needs no gradient, so autograd skips dx."""
    w1, b1, w2, b2 = params
    h1 = x @ w1 + b1
    a1 = torch.relu(h1) if workload.activation == "relu" else torch.sigmoid(h1)
    loss = F.cross_entropy(a1 @ w2 + b2, t)
    loss.backward()
    with torch.no_grad():
        for parameter in params:
            parameter -= workload.learning_rate * parameter.grad
            parameter.grad = None
    return loss


def time_numpy(workload, rng, iterations):
    x, params, labels = workload.data(rng)
    t = np.eye(workload.classes)[labels] if workload.one_hot else labels
    return median_seconds(lambda: numpy_step(workload, x, params, t), max(20, iterations // 10), iterations)


def time_torch(workload, rng, iterations, dtype):
    x, params, labels = workload.data(rng)
    x = torch.tensor(x, dtype=dtype)
    params = [torch.tensor(p, dtype=dtype, requires_grad=True) for p in params]
    t = torch.tensor(labels, dtype=torch.long)
    return median_seconds(lambda: torch_step(workload, x, params, t), max(20, iterations // 10), iterations)


def time_matmul(rng, iterations):
    """The first layer's product and its two backward products, alone."""
    x, w, dout = rng.random((100, 784)), rng.random((784, 50)), rng.random((100, 50))
    tx, tw, tdout = torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(dout)
    products = [
        ("X·W1 100×784·784×50", "MatMul100x784x50", lambda: x @ w, lambda: tx @ tw),
        ("dout·W1ᵀ 100×50·50×784", "MatMulDoutW1T", lambda: dout @ w.T, lambda: tdout @ tw.T),
        ("Xᵀ·dout 784×100·100×50", "MatMulXTDout", lambda: x.T @ dout, lambda: tx.T @ tdout),
    ]
    return [(name, method, median_seconds(numpy_product, 50, iterations), median_seconds(torch_product, 50, iterations))
            for name, method, numpy_product, torch_product in products]


def csharp_medians(path):
    """Method name → median seconds, from BenchmarkDotNet's full JSON report (its statistics are in nanoseconds)."""
    if path is None:
        return {}
    with open(path, encoding="utf-8") as report:
        benchmarks = json.load(report)["Benchmarks"]
    return {b["Method"]: b["Statistics"]["Median"] / 1e9 for b in benchmarks if b.get("Statistics")}


def microseconds(seconds):
    return "-" if seconds is None else f"{seconds * 1e6:,.1f} µs"


def ratio(other, ours):
    return "-" if other is None or ours is None else f"{other / ours:.2f}×"


def blas_description():
    """Which BLAS numpy (and torch) loaded, its version, kernels and threads, read from the library itself."""
    libraries = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.split()[-1]})
    for path in libraries:
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_config.restype = ctypes.c_char_p
            library.openblas_get_corename.restype = ctypes.c_char_p
            threads = library.openblas_get_num_threads()
            return (f"{library.openblas_get_config().decode()}, kernels {library.openblas_get_corename().decode()}, "
                    f"{threads} thread{'' if threads == 1 else 's'} ({path})")
        except (OSError, AttributeError):
            continue
    return "not OpenBLAS: " + (", ".join(libraries) or "no BLAS library loaded")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the iterations, to check the script runs")
    parser.add_argument("--csharp", help="BenchmarkDotNet's JSON report of TensorBenchmarks (-report-full.json)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    ours = csharp_medians(args.csharp)

    threads = torch.get_num_threads()
    print(f"python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__} "
          f"({threads} intra-op thread{'' if threads == 1 else 's'})")
    print(f"BLAS: {blas_description()}")
    print()
    print("Medians. The ratios are numpy's and PyTorch f64's time over backprop's: above 1, backprop is faster.")
    print()
    print("| Workload | backprop (C#) | numpy | PyTorch f64 | PyTorch f32 | numpy / backprop | PyTorch f64 / backprop |")
    print("|---|--:|--:|--:|--:|--:|--:|")

    def row(name, method, numpy_median, torch64, torch32):
        mine = ours.get(method)
        print(f"| {name} | {microseconds(mine)} | {microseconds(numpy_median)} | {microseconds(torch64)} | "
              f"{microseconds(torch32)} | {ratio(numpy_median, mine)} | {ratio(torch64, mine)} |", flush=True)

    for workload in WORKLOADS:
        iterations = workload.iterations // scale
        numpy_median = time_numpy(workload, np.random.default_rng(42), iterations)
        torch64 = time_torch(workload, np.random.default_rng(42), iterations, torch.float64)
        torch32 = time_torch(workload, np.random.default_rng(42), iterations, torch.float32)
        row(workload.name, workload.method, numpy_median, torch64, torch32)
    for name, method, numpy_median, torch_median in time_matmul(np.random.default_rng(42), 1000 // scale):
        row(name, method, numpy_median, torch_median, None)


if __name__ == "__main__":
    main()
