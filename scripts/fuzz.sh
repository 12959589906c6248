#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets in fuzz/ (cargo fuzz, libFuzzer), one after the other,
# each for the given time, and prints executions and findings per target.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 300 seconds, every target
#   scripts/fuzz.sh 60 saml_inspect            one target for a minute
#
# libFuzzer needs unstable compiler flags (-Zsanitizer, coverage instrumentation), so this uses a
# nightly toolchain (`rustup toolchain install nightly`) and cargo-fuzz
# (`cargo install cargo-fuzz --locked`). The stable toolchain cannot build the targets.
#
# Environment: FUZZ_SANITIZER (address, the default, or none: faster, still catches panics,
# overflows and timeouts in safe code), CARGO_TARGET_DIR (build directory; default fuzz/target),
# FUZZ_MAX_LEN (largest input tried, default 65536 bytes).
#
# The growing corpus of each target is kept in fuzz/work/TARGET (git-ignored), seeded from the
# committed fuzz/corpus/TARGET. A crash, a timeout (a single input taking over 10 s) or running
# out of memory (over 2 GB) is a finding: libFuzzer saves the input in fuzz/artifacts/TARGET/.
# Replay one with `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/FILE`; a run stops at its
# first finding.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
    exit 2
fi
if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz.sh: needs a nightly toolchain: rustup toolchain install nightly" >&2
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: needs cargo-fuzz: cargo install cargo-fuzz --locked" >&2
    exit 1
fi

all_targets=$(cargo +nightly fuzz list)
targets=("$@")
if ((${#targets[@]} == 0)); then
    mapfile -t targets <<<"$all_targets"
fi
for target in "${targets[@]}"; do
    if ! grep -qx "$target" <<<"$all_targets"; then
        echo "fuzz.sh: no target '$target'. Targets: $(tr '\n' ' ' <<<"$all_targets")" >&2
        exit 2
    fi
done

sanitizer=${FUZZ_SANITIZER:-address}
target_dir=${CARGO_TARGET_DIR:-fuzz/target}
cargo +nightly fuzz build --sanitizer "$sanitizer" --target-dir "$target_dir"
# Run the built binaries directly: `cargo fuzz run` would rebuild first whenever a source file
# changed since, in the middle of a long series of runs.
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
bin_dir="$target_dir/$host/release"

summary=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/work/$target" "fuzz/artifacts/$target"
    log="fuzz/work/$target.log"
    before=$(find "fuzz/artifacts/$target" -type f | wc -l)
    echo "== $target: ${seconds} s"
    status=0
    ASAN_OPTIONS="detect_odr_violation=0" "$bin_dir/$target" \
        "fuzz/work/$target" "fuzz/corpus/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$target/" >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    after=$(find "fuzz/artifacts/$target" -type f | wc -l)
    line="$target: ${runs:-?} executions in ${seconds} s, $((after - before)) new finding(s), corpus $(find "fuzz/work/$target" -type f | wc -l) inputs"
    if ((status != 0)); then
        line+=" (stopped with status $status: see $log)"
    fi
    echo "$line"
    summary+=("$line")
done
echo
printf '%s\n' "${summary[@]}"
