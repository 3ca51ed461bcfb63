#!/usr/bin/env bash
# Whole training runs side by side: backprop's :train (BenchmarkDotNet, TrainBenchmarks) and the same runs in numpy
# and PyTorch (bench/train/bench.py), then one table with the ratios. The Python side takes about a minute on two
# cores.
#
# Usage: bash bench/train/run.sh [--quick] [--repeats N]   (as root: it installs python3-numpy, python3-torch and
#                                                           libopenblas0-pthread with apt-get; --quick is a tenth of
#                                                           the epochs and steps, to check that everything runs)
# Raw results go to BenchmarkDotNet.Artifacts/train/ (ignored by git); the table is printed and written to
# BenchmarkDotNet.Artifacts/train/summary.md, from which bench/train/README.md is written by hand.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=$root/BenchmarkDotNet.Artifacts/train
mkdir -p "$out"

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-torch libopenblas0-pthread > /dev/null
# Debian's numpy and torch are for Debian's python, whatever python3 comes first on PATH (pyenv, a venv).
python=/usr/bin/python3

# Other work on the machine skews every figure: the load when each half starts is recorded beside them.
{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') at $(git rev-parse --short HEAD 2> /dev/null || echo unknown) on" \
        "$(nproc) cores of $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version 2> /dev/null || echo none)."
    echo
} > "$out/machine.md"

# BenchmarkDotNet: TrainBenchmarks, whole :train runs through the session (with the command's GC setting).
echo "Load average before backprop's run: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out/machine.md"
rm -rf "$out/bdn"
dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*TrainBenchmarks*' --exporters json \
    --artifacts "$out/bdn" | tee "$out/bdn.log"

echo "Load average before the Python run: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out/machine.md"
# Backprop's mean times and the ratios to them, if BenchmarkDotNet has left a report; the Python figures alone if not.
csharp=()
report=$(ls "$out"/bdn/results/*TrainBenchmarks*-report-full*.json 2> /dev/null | head -1 || true)
if [[ -n $report ]]; then
    csharp=(--csharp "$report")
fi
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE may be set on this machine for other work; OpenBLAS is left to pick its
# own kernels for this CPU here. Its thread count is set by bench.py, row by row.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u OPENBLAS_NUM_THREADS \
    "$python" bench/train/bench.py "$@" "${csharp[@]}" | tee "$out/python.md"
echo "Load average after the Python run: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$out/machine.md"

{
    cat "$out/machine.md"
    echo
    cat "$out/python.md"
} > "$out/summary.md"
echo "Wrote $out/summary.md"
