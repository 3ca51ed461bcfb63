#!/usr/bin/env bash
# Reproduces bench/results.md (issue #5): the BenchmarkDotNet suite (every phase of every workload against the
# plain-array baseline), then the command end to end (bench/run-e2e.sh). About 15 minutes on two cores.
#
# Usage: bash bench/run.sh [BenchmarkDotNet arguments]    default: --filter '*'
# Raw results go to BenchmarkDotNet.Artifacts/ (ignored by git); the summary to bench/results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
artifacts=$root/BenchmarkDotNet.Artifacts
mkdir -p "$artifacts"
started=$(date -u '+%Y-%m-%d %H:%M UTC')
# Other work on the machine skews every figure; the load when the run began is recorded beside them.
load=$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)

# BenchmarkDotNet finds the project from the current directory and builds it in Release itself.
if [[ $# -eq 0 ]]; then set -- --filter '*'; fi
dotnet run -c Release --project bench/Backprop.Benchmarks -- summary "$artifacts/in-process.md" "$@"
bash bench/run-e2e.sh "$artifacts/e2e"

commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
if [[ -n $(git status --porcelain --untracked-files=no 2> /dev/null) ]]; then commit="$commit with uncommitted changes"; fi
{
    echo "# Benchmark results"
    echo
    echo "Measured $started at $commit by \`bash bench/run.sh\`, on $(nproc) cores of" \
        "$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ { print $2 }') GB RAM," \
        "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version); load average $load at the start."
    echo
    echo "## In process (BenchmarkDotNet)"
    echo
    echo "Each phase on state prepared once, so it is timed alone; \"× baseline\" is the median over the median of" \
        "the plain-array forward+backward on the same workload (Baseline). Output is the command's own JsonReporter," \
        "reached by reflection, writing to a discarding UTF-8 writer."
    echo
    cat "$artifacts/in-process.md"
    echo
    echo "## The command"
    echo
    cat "$artifacts/e2e/summary.md"
} > bench/results.md
echo "Wrote bench/results.md"
