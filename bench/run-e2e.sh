#!/usr/bin/env bash
# The command end to end (issue #5): `backprop eval --json big.bp > /dev/null`, process start included, where
# big.bp is one :grad line over the 1,000,000-node chain. Median wall time over RUNS runs (hyperfine when it is
# installed, else /usr/bin/time), peak RSS per node, and the 100,000-deep nesting through the command.
#
# Usage: bash bench/run-e2e.sh [OUT_DIR]    (default BenchmarkDotNet.Artifacts/e2e; RUNS=7 by default)
# Writes OUT_DIR/summary.md and prints it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-$root/BenchmarkDotNet.Artifacts/e2e}" && cd "${1:-$root/BenchmarkDotNet.Artifacts/e2e}" && pwd)
runs=${RUNS:-7}
cd "$root"

echo "Building backprop and the workload generator (Release)..." >&2
dotnet build Backprop.Repl/Backprop.Repl.csproj -c Release --nologo -v quiet >&2
dotnet build bench/Backprop.Benchmarks/Backprop.Benchmarks.csproj -c Release --nologo -v quiet >&2
backprop=$root/Backprop.Repl/bin/Release/net10.0/backprop
workloads=$out/workloads
dotnet bench/Backprop.Benchmarks/bin/Release/net10.0/Backprop.Benchmarks.dll generate "$workloads" >&2
cp "$workloads/chain.bp" "$workloads/big.bp"
printf 'big.bp\t%s\n' "$(awk -F'\t' '$1 == "chain.bp" { print $2 "\t" $3 }' "$workloads/sizes.tsv")" >> "$workloads/sizes.tsv"

nodes_of() { awk -F'\t' -v f="$1" '$1 == f { print $2 }' "$workloads/sizes.tsv"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure FILE [ARGS...]: prints the median wall seconds, the median peak RSS in KiB and the last run's exit code.
# /usr/bin/time wraps every run (adding about a millisecond) so the runs hyperfine times are the ones whose RSS is kept.
measure() {
    local file=$1
    shift
    local name=${file%.bp}${1:+$1} wall
    local times=$out/$name.times
    : > "$times"
    local run=(/usr/bin/time -a -o "$times" -f '%e %M %x' "$backprop" eval "$@" "$workloads/$file")
    if command -v hyperfine > /dev/null; then
        hyperfine --style none --warmup 1 --runs "$runs" --ignore-failure --export-csv "$out/$name.csv" \
            "$(printf '%q ' "${run[@]}") > /dev/null" > /dev/null
        sed -i 1d "$times"
        wall=$(awk -F, 'NR == 2 { print $4 }' "$out/$name.csv")
    else
        for _ in $(seq "$runs"); do "${run[@]}" > /dev/null 2>&1 || true; done
        wall=$(awk '{ print $1 }' "$times" | median)
    fi
    echo "$wall $(awk '{ print $2 }' "$times" | median) $(awk 'END { print $3 }' "$times")"
}

cp examples/seed.bp "$workloads/seed.bp"
read -r seed_wall seed_rss seed_status <<< "$(measure seed.bp --json)"

{
    echo "End to end: \`backprop eval [--json] FILE > /dev/null\`, process start included; median of $runs runs" \
        "($(command -v hyperfine > /dev/null && echo "wall time by hyperfine after a warmup run, " || true)peak RSS by /usr/bin/time)." \
        "RSS/node is the whole process's peak over the graph's nodes; the next column first subtracts what seed.bp (7 nodes) peaks at."
    echo
    echo "| File | Output | Nodes | Wall (median) | Peak RSS | RSS/node | RSS over seed.bp /node | Exit |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|"
} > "$out/summary.md"

big_wall="" big_rss_per_node="" deep_status=""
for case in "big.bp --json" "tree.bp --json" "deep.bp --json" "deep.bp" "script.bp --json"; do
    read -r file flags <<< "$case"
    echo "Measuring $file ${flags:-(human output)}..." >&2
    # shellcheck disable=SC2086
    read -r wall rss status <<< "$(measure "$file" $flags)"
    nodes=$(nodes_of "$file")
    per_node=$(awk -v r="$rss" -v n="$nodes" 'BEGIN { printf "%.0f", r * 1024 / n }')
    net_per_node=$(awk -v r="$rss" -v b="$seed_rss" -v n="$nodes" 'BEGIN { printf "%.0f", (r - b) * 1024 / n }')
    printf '| %s | %s | %s | %.3f s | %.0f MiB | %s B | %s B | %s |\n' "$file" "${flags:-human}" "$nodes" "$wall" \
        "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" "$per_node" "$net_per_node" "$status" >> "$out/summary.md"
    if [[ $file == big.bp ]]; then big_wall=$wall big_rss_per_node=$per_node; fi
    if [[ $file == deep.bp && ${deep_status:-0} == 0 ]]; then deep_status=$status; fi
done
printf '| seed.bp | --json | 7 | %.3f s | %.0f MiB | - | - | %s |\n' "$seed_wall" \
    "$(awk -v r="$seed_rss" 'BEGIN { print r / 1024 }')" "$seed_status" >> "$out/summary.md"

# Exit code 0 alone would also pass if the command ran and wrote nothing: the gradient line must be there too.
deep_grads=$("$backprop" eval --json "$workloads/deep.bp" | grep -c '"kind":"grad"' || true)

yes_no() { if [[ $1 == 1 ]]; then echo yes; else echo "**no**"; fi; }
{
    echo
    echo "| End-to-end target | Measured | Met |"
    echo "|---|--:|:-:|"
    echo "| \`backprop eval --json big.bp > /dev/null\` < 1 s | $(printf '%.3f' "$big_wall") s |" \
        "$(yes_no "$(awk -v w="$big_wall" 'BEGIN { print (w < 1) }')") |"
    echo "| peak memory < 300 B/node (big.bp, whole process) | $big_rss_per_node B/node |" \
        "$(yes_no "$(awk -v b="$big_rss_per_node" 'BEGIN { print (b < 300) }')") |"
    echo "| 100,000 nested levels through the command | exit $deep_status, $deep_grads gradient line |" \
        "$(yes_no "$([[ $deep_status == 0 && $deep_grads == 1 ]] && echo 1 || echo 0)") |"
} >> "$out/summary.md"

cat "$out/summary.md"
