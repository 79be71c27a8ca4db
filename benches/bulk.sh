#!/usr/bin/env bash
# benches/bulk.sh — the bulk benchmark: `datamapper run` against a hand-written Rust
# mapping (examples/bulk_baseline.rs) and jq (benches/hr/hr.jq), all running the mapping
# of benches/hr/hr.dmap over the same generated HR records, side by side in one run.
#
#   benches/bulk.sh [RECORDS] [MEMORY_RECORDS]
#
# RECORDS (default 20000) records are generated with a fixed seed; each program maps
# them once a round for RUNS rounds (default 3), and its best time counts.
# `datamapper run` maps them on one thread (`--jobs 1`) and on JOBS threads (default 2,
# `datamapper-jN` in the table). The users of all must be byte for byte the same. With
# /usr/bin/time (Debian package `time`), the peak memory of `datamapper run`, with one
# thread and with JOBS, is measured on 10,000 and on MEMORY_RECORDS (default
# 10 × RECORDS) records streamed through a pipe, with hr.dmap and with
# benches/hr/streaming.dmap, the same mapping without `unique`. jq maps only the first
# JQ_RECORDS (default 20000 or fewer) records: jq 1.6 copies the object of taken
# userNames for every record, so its time grows with the square of the count, and its
# rate on this prefix is its best.
# Set JQ_RECORDS=0 to leave jq out.
set -euo pipefail

records=${1:-20000}
memory_records=${2:-$((records * 10))}
runs=${RUNS:-3}
jobs=${JOBS:-2}
today=2026-11-28
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin datamapper --example bulk_records --example bulk_baseline
bin=target/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

jq_records=${JQ_RECORDS:-$((records < 20000 ? records : 20000))}
"$bin/examples/bulk_records" "$records" 42 > "$work/records.ndjson"
head -n "$jq_records" "$work/records.ndjson" > "$work/jq-records.ndjson"
echo "records: $records ($(($(wc -c < "$work/records.ndjson") / records)) bytes each on average)"

# time_once INPUT NAME COMMAND...: runs COMMAND once (stdin: INPUT, stdout:
# $work/NAME.ndjson) and keeps its wall time in seconds[NAME] if it is the best yet.
time_once() {
    local input=$1 name=$2 start end elapsed status=0
    shift 2
    start=$(date +%s.%N)
    "$@" < "$input" > "$work/$name.ndjson" 2> "$work/$name.err" || status=$?
    end=$(date +%s.%N)
    # datamapper exits with 3 when it rejected records, as the generated input makes it;
    # for the others (jq: a program that does not compile) 3 is a failure.
    if [ "$status" != 0 ] && { [ "$status" != 3 ] || [[ $name != datamapper* ]]; }; then
        echo "error: $name exited with status $status:" >&2
        tail -n 5 "$work/$name.err" >&2
        exit 1
    fi
    elapsed=$(echo "$end - $start" | bc -l)
    if [ -z "${seconds[$name]:-}" ] || [ "$(echo "$elapsed < ${seconds[$name]}" | bc -l)" = 1 ]; then
        seconds[$name]=$elapsed
    fi
}

run_datamapper() {
    "$bin/datamapper" run benches/hr/hr.dmap --today "$today" --rejects /dev/null "$@"
}

declare -A seconds count
parallel=datamapper-j$jobs
count=([datamapper]=$records [$parallel]=$records [baseline]=$records [jq]=$jq_records)
# Round after round, each program once, so a slow spell of the machine weighs on all.
for _ in $(seq "$runs"); do
    time_once "$work/records.ndjson" datamapper run_datamapper --jobs 1
    time_once "$work/records.ndjson" "$parallel" run_datamapper --jobs "$jobs"
    time_once "$work/records.ndjson" baseline "$bin/examples/bulk_baseline" --today "$today"
    if [ "$jq_records" != 0 ]; then
        time_once "$work/jq-records.ndjson" jq jq -nc --arg today "$today" -f benches/hr/hr.jq
    fi
done

if ! cmp -s "$work/datamapper.ndjson" "$work/baseline.ndjson"; then
    echo "error: the hand-written baseline's users differ from datamapper's" >&2
    exit 1
fi
if ! cmp -s "$work/datamapper.ndjson" "$work/$parallel.ndjson"; then
    echo "error: datamapper's users differ between --jobs 1 and --jobs $jobs" >&2
    exit 1
fi
if [ -n "${seconds[jq]:-}" ] && [ ! -s "$work/jq.ndjson" ]; then
    echo "error: jq wrote no users" >&2
    exit 1
fi
if [ -n "${seconds[jq]:-}" ] && ! cmp -s "$work/jq.ndjson" \
    <(head -n "$(wc -l < "$work/jq.ndjson")" "$work/datamapper.ndjson"); then
    echo "error: jq's users differ from datamapper's" >&2
    exit 1
fi
echo "users: $(wc -l < "$work/datamapper.ndjson") mapped, the same bytes from every program"

declare -A rate
printf '%-12s %10s %12s %10s\n' program records records/s seconds
for name in datamapper "$parallel" baseline jq; do
    [ -n "${seconds[$name]:-}" ] || continue
    rate[$name]=$(echo "${count[$name]} / ${seconds[$name]}" | bc -l)
    printf '%-12s %10s %12.0f %10.3f\n' "$name" "${count[$name]}" "${rate[$name]}" \
        "${seconds[$name]}"
done
printf 'datamapper / hand-written: %.2f× the throughput\n' \
    "$(echo "${rate[datamapper]} / ${rate[baseline]}" | bc -l)"
if [ -n "${rate[jq]:-}" ]; then
    printf 'datamapper / jq:           %.1f× the throughput\n' \
        "$(echo "${rate[datamapper]} / ${rate[jq]}" | bc -l)"
fi
printf 'datamapper --jobs %s / --jobs 1: %.2f× the throughput\n' "$jobs" \
    "$(echo "${rate[$parallel]} / ${rate[datamapper]}" | bc -l)"

# Peak memory, streaming from a pipe: with `unique` (hr.dmap), which must remember every
# userName of the run, and without it (streaming.dmap), which remembers nothing.
if [ -x /usr/bin/time ]; then
    for mapping in hr streaming; do
        for threads in 1 "$jobs"; do
            for n in 10000 "$memory_records"; do
                status=0
                "$bin/examples/bulk_records" "$n" 7 \
                    | /usr/bin/time -f '%M' -o "$work/memory" \
                        "$bin/datamapper" run "benches/hr/$mapping.dmap" --today "$today" \
                        --rejects /dev/null --jobs "$threads" > /dev/null \
                        2> "$work/memory.err" || status=$?
                if [ "$status" != 0 ] && [ "$status" != 3 ]; then
                    echo "error: datamapper run $mapping.dmap exited with status $status:" >&2
                    tail -n 5 "$work/memory.err" >&2
                    exit 1
                fi
                echo "peak memory of datamapper run $mapping.dmap --jobs $threads," \
                    "$n records: $(tail -n 1 "$work/memory") KiB"
            done
        done
    done
else
    echo "peak memory: skipped (no /usr/bin/time; install Debian's \`time\` package)"
fi
