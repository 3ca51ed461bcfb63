#!/usr/bin/env bash
# The command end to end (issues #5 and #13), process start included: the JIT build (`dotnet build -c Release`,
# what `dotnet run` and the portable tool run) and the Native AOT binary (`dotnet publish -r RID`) side by side,
# both in the same hyperfine run for each workload, so the load on the machine weighs on both alike.
# Workloads: `backprop eval --json big.bp > /dev/null` where big.bp is one :grad line over the 1,000,000-node
# chain, the tree, the 100,000-deep nesting, a script of many lines, and examples/seed.bp. Median wall time over
# RUNS runs (SEED_RUNS for seed.bp, which takes milliseconds), median peak RSS by /usr/bin/time.
#
# Usage: bash bench/run-e2e.sh [OUT_DIR]    (default BenchmarkDotNet.Artifacts/e2e; RUNS=7, SEED_RUNS=30,
#                                            RID=linux-x64; hyperfine is installed with apt-get when missing)
# Writes OUT_DIR/summary.md and prints it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-$root/BenchmarkDotNet.Artifacts/e2e}" && cd "${1:-$root/BenchmarkDotNet.Artifacts/e2e}" && pwd)
runs=${RUNS:-7}
seed_runs=${SEED_RUNS:-30}
rid=${RID:-linux-x64}
cd "$root"

if ! command -v hyperfine > /dev/null; then
    echo "Installing hyperfine..." >&2
    (apt-get update -qq && apt-get install -y -qq hyperfine > /dev/null) >&2 || true
fi
command -v hyperfine > /dev/null || { echo "run-e2e: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

echo "Building backprop (JIT, Release), publishing it with Native AOT ($rid), building the workload generator..." >&2
dotnet build Backprop.Repl/Backprop.Repl.csproj -c Release --nologo -v quiet >&2
dotnet publish Backprop.Repl/Backprop.Repl.csproj -c Release -r "$rid" --nologo -v quiet -o "$out/aot" >&2
dotnet build bench/Backprop.Benchmarks/Backprop.Benchmarks.csproj -c Release --nologo -v quiet >&2
jit=$root/Backprop.Repl/bin/Release/net10.0/backprop
aot=$out/aot/backprop
workloads=$out/workloads
dotnet bench/Backprop.Benchmarks/bin/Release/net10.0/Backprop.Benchmarks.dll generate "$workloads" >&2
cp "$workloads/chain.bp" "$workloads/big.bp"
printf 'big.bp\t%s\n' "$(awk -F'\t' '$1 == "chain.bp" { print $2 "\t" $3 }' "$workloads/sizes.tsv")" >> "$workloads/sizes.tsv"
cp examples/seed.bp "$workloads/seed.bp"
printf 'seed.bp\t7\t%s\n' "$(wc -c < examples/seed.bp)" >> "$workloads/sizes.tsv"

nodes_of() { awk -F'\t' -v f="$1" '$1 == f { print $2 }' "$workloads/sizes.tsv"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure RUNS FILE [ARGS...]: one hyperfine run with the JIT and the AOT command; prints, for each in that order,
# the median wall seconds, the median peak RSS in KiB, the last run's exit code and the mean CPU seconds (user +
# system, which other work on the machine inflates less than wall time) (eight fields).
# /usr/bin/time wraps every run (adding about a millisecond to both) so the runs hyperfine times are the ones whose
# RSS is kept; the warmup run's line is dropped.
measure() {
    local count=$1 file=$2
    shift 2
    local name=${file%.bp}${1:+$1}
    local commands=()
    for build in jit aot; do
        local exe=$jit
        [[ $build == aot ]] && exe=$aot
        : > "$out/$name.$build.times"
        commands+=(-n "$build" "$(printf '%q ' /usr/bin/time -a -o "$out/$name.$build.times" -f '%e %M %x' "$exe" eval "$@" "$workloads/$file") > /dev/null")
    done
    hyperfine --style none --warmup 1 --runs "$count" --ignore-failure --export-csv "$out/$name.csv" "${commands[@]}" > /dev/null
    for build in jit aot; do
        sed -i 1d "$out/$name.$build.times"
        printf '%s %s %s %s ' "$(awk -F, -v b="$build" '$1 == b { print $4 }' "$out/$name.csv")" \
            "$(awk '{ print $2 }' "$out/$name.$build.times" | median)" "$(awk 'END { print $3 }' "$out/$name.$build.times")" \
            "$(awk -F, -v b="$build" '$1 == b { print $5 + $6 }' "$out/$name.csv")"
    done
    echo
}

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)
mib() { awk -v r="$1" 'BEGIN { printf "%.0f", r / 1024 }'; }
wall() { awk -v w="$1" 'BEGIN { if (w < 0.1) printf "%.1f ms", w * 1000; else printf "%.3f s", w }'; }
per_node() { if [[ $1 == seed.bp ]]; then echo -; else echo "$2 B"; fi; }
{
    echo "End to end: \`backprop eval [--json] FILE > /dev/null\`, process start included, the JIT build and the Native AOT" \
        "binary ($rid) in one hyperfine run per file; median wall time of $runs runs ($seed_runs for seed.bp) after a" \
        "warmup run, mean CPU time (user + system) by hyperfine, median peak RSS by /usr/bin/time. RSS/node is the" \
        "whole process's peak over the graph's nodes. $(nproc) cores of $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version); load average $load_at_start at the start" \
        "(other work on the machine slows wall times, and the JIT's start the most)."
    echo
    echo "| File | Output | Nodes | JIT wall | AOT wall | AOT / JIT | JIT CPU | AOT CPU | JIT peak RSS | AOT peak RSS | JIT RSS/node | AOT RSS/node | Exit JIT, AOT |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
} > "$out/summary.md"

declare -A wall_jit wall_aot rss_jit rss_aot status_jit status_aot per_node_jit per_node_aot
for case in "big.bp --json" "tree.bp --json" "deep.bp --json" "deep.bp" "script.bp --json" "seed.bp --json" "seed.bp"; do
    read -r file flags <<< "$case"
    echo "Measuring $file ${flags:-(human output)}..." >&2
    count=$runs
    [[ $file == seed.bp ]] && count=$seed_runs
    # shellcheck disable=SC2086
    read -r jw jr js jc aw ar as ac <<< "$(measure "$count" "$file" $flags)"
    nodes=$(nodes_of "$file")
    key="$file${flags:+ $flags}"
    wall_jit[$key]=$jw wall_aot[$key]=$aw rss_jit[$key]=$jr rss_aot[$key]=$ar status_jit[$key]=$js status_aot[$key]=$as
    per_node_jit[$key]=$(awk -v r="$jr" -v n="$nodes" 'BEGIN { printf "%.0f", r * 1024 / n }')
    per_node_aot[$key]=$(awk -v r="$ar" -v n="$nodes" 'BEGIN { printf "%.0f", r * 1024 / n }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s MiB | %s MiB | %s | %s | %s, %s |\n' "$file" "${flags:-human}" "$nodes" \
        "$(wall "$jw")" "$(wall "$aw")" "$(awk -v a="$aw" -v j="$jw" 'BEGIN { printf "%.2f", a / j }')" "$(wall "$jc")" "$(wall "$ac")" \
        "$(mib "$jr")" "$(mib "$ar")" "$(per_node "$file" "${per_node_jit[$key]}")" "$(per_node "$file" "${per_node_aot[$key]}")" "$js" "$as" >> "$out/summary.md"
done

# Exit code 0 alone would also pass if the command ran and wrote nothing: the gradient line must be there too.
deep_grads_jit=$("$jit" eval --json "$workloads/deep.bp" | grep -c '"kind":"grad"' || true)
deep_grads_aot=$("$aot" eval --json "$workloads/deep.bp" | grep -c '"kind":"grad"' || true)

yes_no() { if [[ $1 == 1 ]]; then echo yes; else echo "**no**"; fi; }
at_most() { awk -v v="$1" -v limit="$2" 'BEGIN { print (v <= limit) }'; }
seconds() { printf '%.3f s' "$1"; }
ms() { awk -v w="$1" 'BEGIN { printf "%.1f ms", w * 1000 }'; }
{
    echo
    echo "| End-to-end target | JIT | AOT | Met |"
    echo "|---|--:|--:|:-:|"
    echo "| #13: \`eval --json seed.bp\` AOT ≤ 30 ms wall | $(ms "${wall_jit[seed.bp --json]}") | $(ms "${wall_aot[seed.bp --json]}") |" \
        "$(yes_no "$(at_most "${wall_aot[seed.bp --json]}" 0.030)") |"
    echo "| #13: \`eval --json seed.bp\` AOT ≤ 20 MB peak RSS | $(mib "${rss_jit[seed.bp --json]}") MiB | $(mib "${rss_aot[seed.bp --json]}") MiB |" \
        "$(yes_no "$(at_most "${rss_aot[seed.bp --json]}" "$((20 * 1000 * 1000 / 1024))")") |"
    echo "| #13: \`eval --json big.bp\` AOT ≤ 0.4 s | $(seconds "${wall_jit[big.bp --json]}") | $(seconds "${wall_aot[big.bp --json]}") |" \
        "$(yes_no "$(at_most "${wall_aot[big.bp --json]}" 0.4)") |"
    echo "| #13: tree AOT no slower than JIT | $(seconds "${wall_jit[tree.bp --json]}") | $(seconds "${wall_aot[tree.bp --json]}") |" \
        "$(yes_no "$(at_most "${wall_aot[tree.bp --json]}" "${wall_jit[tree.bp --json]}")") |"
    echo "| #13: 100,000-deep nesting AOT no slower than JIT | $(seconds "${wall_jit[deep.bp --json]}") | $(seconds "${wall_aot[deep.bp --json]}") |" \
        "$(yes_no "$(at_most "${wall_aot[deep.bp --json]}" "${wall_jit[deep.bp --json]}")") |"
    echo "| #5: \`eval --json big.bp\` < 1 s | $(seconds "${wall_jit[big.bp --json]}") | $(seconds "${wall_aot[big.bp --json]}") |" \
        "$(yes_no "$(awk -v j="${wall_jit[big.bp --json]}" -v a="${wall_aot[big.bp --json]}" 'BEGIN { print (j < 1 && a < 1) }')") |"
    echo "| #5: peak memory < 300 B/node (big.bp, whole process) | ${per_node_jit[big.bp --json]} B/node | ${per_node_aot[big.bp --json]} B/node |" \
        "$(yes_no "$(awk -v j="${per_node_jit[big.bp --json]}" -v a="${per_node_aot[big.bp --json]}" 'BEGIN { print (j < 300 && a < 300) }')") |"
    echo "| #5: 100,000 nested levels through the command | exit ${status_jit[deep.bp --json]}, $deep_grads_jit gradient line |" \
        "exit ${status_aot[deep.bp --json]}, $deep_grads_aot gradient line |" \
        "$(yes_no "$([[ ${status_jit[deep.bp --json]} == 0 && ${status_aot[deep.bp --json]} == 0 && $deep_grads_jit == 1 && $deep_grads_aot == 1 ]] && echo 1 || echo 0)") |"
} >> "$out/summary.md"

echo >> "$out/summary.md"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null || echo unknown)." >> "$out/summary.md"
cat "$out/summary.md"
