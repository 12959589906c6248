#!/usr/bin/env bash
# Start-up, memory and idle-repaint benchmark: kb4-setup beside a bare eframe window
# (examples/hello.rs, same eframe version, features and window size), both release builds,
# both under one private Xvfb.
#
#   scripts/bench-startup.sh [--runs N] [--idle SECONDS] [--no-build]
#
# For each run and each app it measures
#   start-up   from just before the process is started to the end of its first frame's ui(),
#              on the wall clock: bash's $EPOCHREALTIME here, SystemTime in the app (the two
#              processes share no monotonic clock origin), so exec, dynamic linking, window,
#              GPU set-up and the first layout are all inside;
#   memory     VmRSS after the first frame (read by the app from /proc/self/status when the
#              idle period ends, so the first paint's buffers are in it);
#   idle fps   frames painted during SECONDS with no input, after two settle seconds (egui
#              paints a few frames at start-up by itself; those are shown apart as "settle"),
#              and when the last frame was painted (a late start-up frame, or steady repaints).
# The protocol is in src/ui/frame_stats.rs. Runs alternate between the apps; the medians are
# printed with the ratios and the goals (start-up <= 1.3x hello, memory <= 1.5x, 0 idle fps).
# kb4-setup starts each run with a fresh, empty HOME/XDG folder set (its first-run state) and
# no D-Bus session, like a first launch on a machine without a keyring.
#
# Needs: Xvfb, a Vulkan or GL driver (mesa-vulkan-drivers: lavapipe), cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
idle=5
build=1
while [ "$#" -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --idle) idle="${2:?--idle needs seconds}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,/^# Needs/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-startup.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "bench-startup.sh: Xvfb is missing; run scripts/install-deps.sh test" >&2
  exit 2
fi

if [ "$build" = 1 ]; then
  # Two invocations on purpose: an example pulls in the dev-dependencies, whose features would
  # change the app's own build if both were built at once; this way kb4-setup is the binary
  # the packages ship.
  cargo build --release --bin kb4-setup
  cargo build --release --example hello
fi
app=target/release/kb4-setup
hello=target/release/examples/hello
for binary in "$app" "$hello"; do
  [ -x "$binary" ] || { echo "bench-startup.sh: $binary is missing (drop --no-build)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kb4-bench.XXXXXXXX")
xvfb_pid=""
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

source scripts/private-xvfb.sh
start_private_xvfb 200 249 || { echo "bench-startup.sh: no Xvfb display on :200 to :249" >&2; exit 1; }

# Microseconds from a "seconds.micros" $EPOCHREALTIME value (the locale may use a comma).
micros() { local value=${1/,/.}; echo "${value%.*}${value#*.}"; }

# One run of one app; appends "startup_ms rss_kb settle_frames idle_frames last_frame_ms" to
# $work/<name>.
run_once() {
  local name=$1 binary=$2 home="$work/home-$1-$3"
  mkdir -p -m 0700 "$home/runtime"
  local start status=0
  start=$EPOCHREALTIME
  env -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 HOME="$home" XDG_RUNTIME_DIR="$home/runtime" \
    XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
    XDG_CACHE_HOME="$home/cache" XDG_DATA_HOME="$home/data" \
    timeout $((idle + 60)) "$binary" --bench-frames "$idle" >"$work/out" 2>"$work/err" || status=$?
  local first rss settle idle_frames last
  first=$(sed -n 's/^kb4-bench: first_frame_unix_us=\([0-9]*\).*/\1/p' "$work/out")
  rss=$(sed -n 's/^kb4-bench: settle_frames=.* rss_kb=\([0-9]*\)$/\1/p' "$work/out")
  settle=$(sed -n 's/^kb4-bench: settle_frames=\([0-9]*\).*/\1/p' "$work/out")
  idle_frames=$(sed -n 's/^kb4-bench: .* idle_frames=\([0-9]*\).*/\1/p' "$work/out")
  last=$(sed -n 's/^kb4-bench: .* last_frame_ms=\([0-9]*\).*/\1/p' "$work/out")
  if [ "$status" -ne 0 ] || [ -z "$first" ] || [ -z "$rss" ] || [ -z "$idle_frames" ]; then
    echo "bench-startup.sh: $name run $3 failed (exit $status)" >&2
    cat "$work/out" "$work/err" >&2
    exit 1
  fi
  local startup_us=$((first - $(micros "$start")))
  printf '%s.%03d %s %s %s %s\n' $((startup_us / 1000)) $((startup_us % 1000)) \
    "$rss" "$settle" "$idle_frames" "$last" >>"$work/$name"
  printf '  %-9s run %d: start-up %4d ms, RSS %6d KiB, settle frames %s, idle frames %s, last frame %s ms after the first\n' \
    "$name" "$3" $((startup_us / 1000)) "$rss" "$settle" "$idle_frames" "$last"
}

echo "Display $display; $runs runs of each app, $idle s idle each; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  run_once hello "$hello" "$run"
  run_once kb4-setup "$app" "$run"
done

# Median of column $2 of file $1.
median() {
  sort -g -k"$2","$2" "$1" | awk -v column="$2" '{ values[NR] = $column }
    END { if (NR % 2) print values[(NR + 1) / 2]; else print (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

echo
printf '%-24s %12s %12s %8s  %s\n' "median of $runs runs" hello kb4-setup ratio goal
report() {
  local label=$1 column=$2 goal=$3 limit=$4
  local base value ratio verdict
  base=$(median "$work/hello" "$column")
  value=$(median "$work/kb4-setup" "$column")
  ratio=$(awk -v a="$value" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  verdict=$(awk -v r="$ratio" -v limit="$limit" 'BEGIN { print (r != "-" && r <= limit) ? "met" : "NOT met" }')
  printf '%-24s %12s %12s %8s  %s (%s)\n' "$label" "$base" "$value" "$ratio" "$goal" "$verdict"
}
report "start-up (ms)" 1 "<= 1.3x hello" 1.3
report "RSS after 1st frame (KiB)" 2 "<= 1.5x hello" 1.5
for name in hello kb4-setup; do
  printf '%-24s %s: settle frames %s, idle frames %s in %s s (%s fps)\n' "idle repaints" "$name" \
    "$(median "$work/$name" 3)" "$(median "$work/$name" 4)" "$idle" \
    "$(awk -v f="$(median "$work/$name" 4)" -v s="$idle" 'BEGIN { printf "%.2f", f / s }')"
done
idle_median=$(median "$work/kb4-setup" 4)
if awk -v f="$idle_median" 'BEGIN { exit !(f == 0) }'; then
  echo "idle repaints goal (0 frames while idle): met"
else
  echo "idle repaints goal (0 frames while idle): NOT met; look for request_repaint* in src/ui"
fi
