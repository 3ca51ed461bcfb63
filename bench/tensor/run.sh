#!/usr/bin/env bash
# The tensor training steps side by side: backprop's layers (BenchmarkDotNet, TensorBenchmarks) and the same steps in
# numpy and PyTorch (bench/tensor/bench.py), then one table with the ratios. About five minutes on two cores.
#
# Usage: bash bench/tensor/run.sh [--quick]    (as root: it installs python3-numpy, python3-torch and
#                                               libopenblas0-pthread with apt-get; --quick is a tenth of the Python
#                                               iterations, to check that everything runs)
# Raw results go to BenchmarkDotNet.Artifacts/tensor/ (ignored by git); the table is printed and written to
# BenchmarkDotNet.Artifacts/tensor/summary.md, from which bench/tensor/results.md is written by hand.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=$root/BenchmarkDotNet.Artifacts/tensor
mkdir -p "$out"

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-torch libopenblas0-pthread > /dev/null
# Debian's numpy and torch are for Debian's python, whatever python3 comes first on PATH (pyenv, a venv).
python=/usr/bin/python3

# Other work on the machine skews every figure: the load when each half starts is recorded beside them.
{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD 2> /dev/null || echo unknown) on" \
        "$(nproc) cores of $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)."
    echo
    echo "Load average before backprop's run: $(cut -d' ' -f1-3 /proc/loadavg)."
} > "$out/machine.md"

dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*TensorBenchmarks*' --exporters json \
    --artifacts "$out/bdn" | tee "$out/bdn.log"

echo "Load average before the Python run: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out/machine.md"
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE may be set on this machine for other work; OpenBLAS is left to pick its
# own kernels for this CPU here.
report=$(ls "$out"/bdn/results/*TensorBenchmarks*-report-full*.json | head -1)
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" bench/tensor/bench.py "$@" --csharp "$report" | tee "$out/python.md"
# For information: OpenBLAS on one core, as backprop runs (its two threads are sensitive to other work on the machine).
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 "$python" bench/tensor/bench.py "$@" --csharp "$report" \
    | tee "$out/python-1-thread.md"

{
    cat "$out/machine.md"
    echo
    cat "$out/python.md"
    echo
    echo "With OPENBLAS_NUM_THREADS=1:"
    echo
    cat "$out/python-1-thread.md"
} > "$out/summary.md"
echo "Wrote $out/summary.md"
