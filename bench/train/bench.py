#!/usr/bin/env python3
"""Whole training runs in numpy and PyTorch: the reference side of backprop's :train benchmark (TrainBenchmarks).

Two workloads, each trained from the same starting point by every implementation:

  spiral        DeZero step 48: its spiral (3 classes x 100 points, seed 1984), net 2-10-3 with a sigmoid, mean
                softmax cross-entropy over class indices; 300 epochs, each a fresh permutation cut into 10 batches
                of 30; SGD, lr 1.0; each epoch's mean loss kept in a list of Python floats, as DeZero does.
  MNIST-shaped  the book's train_neuralnet.py (Deep Learning from Scratch, ch. 5.7.4) on synthetic data: 10,000 x 784
                uniform [0, 1), random labels 0..9; TwoLayerNet 784-50-10 (Affine, ReLU, Affine, Softmax-with-Loss),
                W = 0.01 N(0, 1), b = 0; 1,000 steps of a batch of 100 drawn with np.random.choice; SGD, lr 0.1.

numpy runs the book's layers with forward and backward written out by hand (the loss as log-softmax, so no 1e-7
fudge; the first Affine's dx, which nobody uses, is not computed). PyTorch runs the same net through autograd
(loss.backward(), the update under torch.no_grad(), grads set to None as zero_grad(set_to_none=True) does). Float64
throughout, to match backprop's doubles. Both read the loss out as a Python float after every batch.

Data, initial parameters and the batch order come from seeded generators, the same for every implementation, so
their loss curves agree to rounding (printed as a check). Building the data is not timed; the whole training run
(all epochs or steps, with the shuffling and batch gathering) is one measurement, time.perf_counter around it. Each
implementation has one untimed warm-up run of a tenth of the work, then the repeats go round-robin (implementation
after implementation, repeat after repeat) so a change in the machine's load hits them all alike. The table gives
the min and the median of the repeats.

Threads: numpy's and PyTorch's matrix products both go to the process's one OpenBLAS (pthreads build), whose thread
count torch.set_num_threads does not touch; it is set here through openblas_set_num_threads, and each row says what
it ran with.

    python3 bench/train/bench.py [--quick] [--repeats N] [--csharp BenchmarkDotNet-report-full.json]

With --csharp, backprop's mean times (methods SpiralTrain and MnistShapedTrain, BenchmarkDotNet's full JSON report,
in ns) go in a row of their own and every row gets its median over backprop's mean. Run it with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE unset (bench/train/run.sh does), so OpenBLAS picks its kernels for this CPU itself.
"""

import argparse
import ctypes
import gc
import json
import os
import platform
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F


# ---------------------------------------------------------------------------------------------------------- data

def spiral(seed=1984):
    """DeZero's dezero.datasets.get_spiral(train=True) in float64: 3 classes x 100 points, then DeZero's shuffle."""
    rng = np.random.RandomState(seed)
    num_data, num_class = 100, 3
    x = np.zeros((num_data * num_class, 2))
    t = np.zeros(num_data * num_class, dtype=np.int64)
    for j in range(num_class):
        for i in range(num_data):
            rate = i / num_data
            radius = 1.0 * rate
            theta = j * 4.0 + 4.0 * rate + rng.randn() * 0.2
            x[num_data * j + i] = radius * np.sin(theta), radius * np.cos(theta)
            t[num_data * j + i] = j
    indices = rng.permutation(num_data * num_class)
    return x[indices], t[indices]


def mnist_shaped(seed=2024, rows=10_000, inputs=784, classes=10):
    """Pixels uniform in [0, 1), labels uniform in 0..9: the shape of the book's MNIST run, not its content."""
    rng = np.random.default_rng(seed)
    return rng.random((rows, inputs)), rng.integers(0, classes, rows)


class Workload:
    def __init__(self, method, x, t, hidden, activation, weight_scales, learning_rate, rounds, seed):
        self.method = method
        self.x, self.t = x, t
        self.inputs, self.hidden, self.classes = x.shape[1], hidden, int(t.max()) + 1
        self.activation = activation
        self.weight_scales = weight_scales
        self.learning_rate = learning_rate
        self.rounds = rounds  # epochs (spiral) or steps (MNIST-shaped)
        self.seed = seed  # of the generator of the initial parameters and the batch order

    def initial(self):
        """A fresh generator and fresh initial parameters [W1, b1, W2, b2], the same on every call."""
        rng = np.random.RandomState(self.seed)
        w1 = rng.randn(self.inputs, self.hidden) * self.weight_scales[0]
        w2 = rng.randn(self.hidden, self.classes) * self.weight_scales[1]
        return rng, [w1, np.zeros(self.hidden), w2, np.zeros(self.classes)]


class Spiral(Workload):
    batch = 30

    def name(self, rounds):
        return f"spiral 2-10-3, {rounds:,} epochs × {-(-len(self.x) // self.batch)} batches of {self.batch}"

    def steps(self, rounds):
        return rounds * -(-len(self.x) // self.batch)

    def train(self, step, x, t, rng, rounds, index):
        """DeZero step 48's loop: a permutation per epoch, batches of 30, the epoch's mean loss in a list."""
        size = len(x)
        losses = []
        for _ in range(rounds):
            order = index(rng.permutation(size))
            total = 0.0
            for start in range(0, size, self.batch):
                batch = order[start:start + self.batch]
                total += step(x[batch], t[batch]) * len(batch)
            losses.append(total / size)
        return losses

    def final_loss(self, losses):
        return losses[-1]  # the last epoch's mean loss, DeZero's printout


class MnistShaped(Workload):
    batch = 100

    def name(self, rounds):
        return f"MNIST-shaped 784-50-10, {rounds:,} steps of batch {self.batch}"

    def steps(self, rounds):
        return rounds

    def train(self, step, x, t, rng, rounds, index):
        """train_neuralnet.py's loop: np.random.choice(train_size, batch_size) a step (with replacement, as there)."""
        size = len(x)
        losses = []
        for _ in range(rounds):
            batch = index(rng.choice(size, self.batch))
            losses.append(step(x[batch], t[batch]))
        return losses

    def final_loss(self, losses):
        return statistics.fmean(losses[-max(1, len(losses) // 10):])  # the last tenth of the steps; one is noisy


def workloads():
    x, t = spiral()
    yield Spiral("SpiralTrain", x, t, 10, "sigmoid",
                 (np.sqrt(1 / 2), np.sqrt(1 / 10)), 1.0, 300, 0)
    x, t = mnist_shaped()
    yield MnistShaped("MnistShapedTrain", x, t, 50, "relu", (0.01, 0.01), 0.1, 1000, 0)


# ---------------------------------------------------------------------------------------------------- the steps

def numpy_step(params, x, t, activation, learning_rate):
    """Affine, Sigmoid or ReLU, Affine, Softmax-with-Loss forward; their backward; W -= lr·dW. Returns the loss."""
    w1, b1, w2, b2 = params
    n = x.shape[0]
    rows = np.arange(n)

    h = x @ w1 + b1
    if activation == "relu":
        off = h <= 0
        h[off] = 0
    else:
        h = 1 / (1 + np.exp(-h))
    z = h @ w2 + b2
    shifted = z - z.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    sums = exps.sum(axis=1, keepdims=True)
    loss = float((np.log(sums).sum() - shifted[rows, t].sum()) / n)  # -mean(log softmax(z)[t])

    dz = exps / sums
    dz[rows, t] -= 1
    dz /= n
    dw2 = h.T @ dz
    db2 = dz.sum(axis=0)
    dh = dz @ w2.T
    if activation == "relu":
        dh[off] = 0
    else:
        dh *= h * (1 - h)
    dw1 = x.T @ dh
    db1 = dh.sum(axis=0)

    for parameter, gradient in zip(params, (dw1, db1, dw2, db2)):
        parameter -= learning_rate * gradient
    return loss


def torch_step(params, x, t, activation, learning_rate):
    """The same net through autograd; the update under no_grad, as torch.optim.SGD does it."""
    w1, b1, w2, b2 = params
    h = x @ w1 + b1
    h = torch.relu(h) if activation == "relu" else torch.sigmoid(h)
    loss = F.cross_entropy(h @ w2 + b2, t)
    loss.backward()
    with torch.no_grad():
        for parameter in params:
            parameter -= learning_rate * parameter.grad
            parameter.grad = None
    return loss.item()


def accuracy(params, x, t, activation):
    w1, b1, w2, b2 = (p.detach().numpy() if isinstance(p, torch.Tensor) else p for p in params)
    h = x @ w1 + b1
    h = np.maximum(h, 0) if activation == "relu" else 1 / (1 + np.exp(-h))
    return float(np.mean((h @ w2 + b2).argmax(axis=1) == t))


# ------------------------------------------------------------------------------------------------------ threads

class OpenBlas:
    """The process's OpenBLAS (numpy and torch share it), found in /proc/self/maps."""

    def __init__(self):
        self.library, self.path = None, None
        paths = {line.split()[-1] for line in open("/proc/self/maps") if "blas" in line.split()[-1]}
        for path in sorted(paths, key=lambda path: ("openblas" not in os.path.basename(path), path)):
            try:
                library = ctypes.CDLL(path)
                library.openblas_get_num_threads()
            except (OSError, AttributeError):
                continue
            self.library, self.path = library, path
            self.library.openblas_get_config.restype = ctypes.c_char_p
            self.library.openblas_get_corename.restype = ctypes.c_char_p
            break
        self.default_threads = self.threads()

    def threads(self):
        return None if self.library is None else self.library.openblas_get_num_threads()

    def set_threads(self, threads):
        if self.library is not None:
            self.library.openblas_set_num_threads(threads)

    def description(self):
        if self.library is None:
            return "not OpenBLAS (its thread count is left alone)"
        config, kernels = self.library.openblas_get_config().decode(), self.library.openblas_get_corename().decode()
        return (f"{config}, kernels {kernels}, "
                f"{plural(self.default_threads, 'thread')} by default ({self.path})")


def plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


class Implementation:
    def __init__(self, name, framework, torch_threads, blas_threads):
        self.name, self.framework = name, framework
        self.torch_threads, self.blas_threads = torch_threads, blas_threads

    def run(self, workload, blas, rounds):
        """One training run from the workload's starting point: (seconds, losses, final parameters)."""
        torch.set_num_threads(self.torch_threads)
        blas.set_threads(self.blas_threads)
        rng, params = workload.initial()
        activation, learning_rate = workload.activation, workload.learning_rate
        if self.framework == "numpy":
            x, t, index = workload.x, workload.t, lambda order: order
            step = lambda bx, bt: numpy_step(params, bx, bt, activation, learning_rate)  # noqa: E731
        else:
            x, t, index = torch.from_numpy(workload.x), torch.from_numpy(workload.t), torch.from_numpy
            params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]
            step = lambda bx, bt: torch_step(params, bx, bt, activation, learning_rate)  # noqa: E731
        gc.collect()
        start = time.perf_counter()
        losses = workload.train(step, x, t, rng, rounds, index)
        seconds = time.perf_counter() - start
        return seconds, losses, params


def implementations(torch_default, blas_default):
    blas = "OpenBLAS default threads" if blas_default is None else f"OpenBLAS {plural(blas_default, 'thread')}"
    return [
        Implementation(f"numpy, {blas}", "numpy", torch_default, blas_default),
        Implementation("numpy, OpenBLAS 1 thread", "numpy", torch_default, 1),
        Implementation(f"PyTorch f64, set_num_threads(1), {blas}", "torch", 1, blas_default),
        Implementation(f"PyTorch f64, default threads (torch {torch_default}), {blas}", "torch", torch_default,
                       blas_default),
        Implementation("PyTorch f64, set_num_threads(1), OpenBLAS 1 thread", "torch", 1, 1),
    ]


# --------------------------------------------------------------------------------------------------------- report

def csharp_means(path):
    """Method name → mean seconds, from BenchmarkDotNet's full JSON report (its statistics are in nanoseconds)."""
    if path is None or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as report:
        benchmarks = json.load(report)["Benchmarks"]
    return {b["Method"]: b["Statistics"]["Mean"] / 1e9 for b in benchmarks if b.get("Statistics")}


def milliseconds(seconds):
    return "-" if seconds is None else f"{seconds * 1e3:,.1f} ms"


def microseconds(seconds):
    return "-" if seconds is None else f"{seconds * 1e6:,.1f} µs"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the epochs and steps, to check it runs")
    parser.add_argument("--repeats", type=int, default=7, help="timed runs of each implementation (default 7)")
    parser.add_argument("--csharp", help="BenchmarkDotNet's JSON report of TrainBenchmarks (-report-full.json)")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    ours = csharp_means(args.csharp)
    if args.csharp and not ours:
        print(f"(no BenchmarkDotNet report at {args.csharp}: the Python figures only)")

    blas = OpenBlas()
    torch_default = torch.get_num_threads()
    print(f"python {platform.python_version()}, numpy {np.__version__}, torch {torch.__version__} "
          f"(default {plural(torch_default, 'intra-op thread')}, {plural(os.cpu_count(), 'CPU')})")
    print(f"BLAS: {blas.description()}")
    print(f"{args.repeats} timed runs of each implementation, round-robin, after one warm-up run of a tenth of the work"
          f"{'; --quick: a tenth of the epochs and steps' if args.quick else ''}.")
    print()

    rows, checks, every = [], [], []
    for workload in workloads():
        rounds = max(1, workload.rounds // scale)
        steps = workload.steps(rounds)
        name = workload.name(rounds)
        runs = implementations(torch_default, blas.default_threads)
        for implementation in runs:
            implementation.run(workload, blas, max(1, rounds // 10))
        times = {implementation.name: [] for implementation in runs}
        results = {}
        for _ in range(args.repeats):
            for implementation in runs:
                seconds, losses, params = implementation.run(workload, blas, rounds)
                times[implementation.name].append(seconds)
                results[implementation.name] = losses, params
        torch.set_num_threads(torch_default)
        blas.set_threads(blas.default_threads)

        # backprop's run is always the full one: with --quick the ratios are of the times per step.
        mine = ours.get(workload.method)
        mine_per_step = None if mine is None else mine / workload.steps(workload.rounds)
        if ours:
            rows.append((name, f"backprop :train (C#, BenchmarkDotNet mean, {workload.method}, full run)", None, mine,
                         mine_per_step, None, None, None if mine is None else 1.0))
        for implementation in runs:
            losses, params = results[implementation.name]
            median = statistics.median(times[implementation.name])
            rows.append((name, implementation.name, min(times[implementation.name]), median, median / steps,
                         workload.final_loss(losses), accuracy(params, workload.x, workload.t, workload.activation),
                         None if mine is None else median / steps / mine_per_step))

        every.extend(f"- {name}, {implementation.name}: "
                     + ", ".join(f"{seconds * 1e3:,.1f}" for seconds in times[implementation.name]) + " ms"
                     for implementation in runs)
        curves = [results[implementation.name][0] for implementation in runs]
        spread = max(abs(a - b) for curve in curves[1:] for a, b in zip(curves[0], curve))
        first, last = curves[0][0], workload.final_loss(curves[0])
        correct = accuracy(results[runs[0].name][1], workload.x, workload.t, workload.activation)
        if isinstance(workload, Spiral):
            expected = "0.05-0.25 and accuracy above 0.9"
            ok = 0.05 <= last <= 0.25 and correct > 0.9
        else:
            expected = "about ln 10 = 2.303 (random labels)"
            ok = abs(last - np.log(10)) < 0.05
        verdict = ("as expected" if ok else "NOT as expected") if scale == 1 else "not judged with --quick"
        checks.append(f"- {name}: loss {first:.4f} in the first {'epoch' if isinstance(workload, Spiral) else 'step'}, "
                      f"{last:.4f} at the end, accuracy {correct:.3f} (expected: {expected}; {verdict}); the "
                      f"{len(runs)} implementations' loss curves differ by at most {spread:.1e}.")

    print("| Workload | Implementation | min | median | per step (median) | final loss | train accuracy"
          + (" | median / backprop |" if ours else " |"))
    print("|---|---|--:|--:|--:|--:|--:" + ("|--:|" if ours else "|"))
    for name, implementation, low, median, per_step, loss, correct, ratio in rows:
        print(f"| {name} | {implementation} | {milliseconds(low)} | {milliseconds(median)} | "
              f"{microseconds(per_step)} | "
              f"{'-' if loss is None else f'{loss:.4f}'} | {'-' if correct is None else f'{correct:.3f}'}"
              + ((" | -" if ratio is None else f" | {ratio:.2f}×") + " |" if ours else " |"))
    print()
    print("Final loss: spiral, the last epoch's mean loss; MNIST-shaped, the mean loss of the last tenth of the "
          "steps (random labels: it stays near ln 10 = 2.303). Train accuracy: the final parameters on all the "
          "training rows.")
    if ours:
        print("median / backprop: the row's median over backprop's mean (per step, which is the same in a full run); "
              "above 1, backprop is faster.")
    print()
    print("Checks:")
    print("\n".join(checks))
    print()
    print("Every timed run, in the order run:")
    print("\n".join(every))


if __name__ == "__main__":
    main()
