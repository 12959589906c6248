# Sourced by scripts that need a display of their own (never run directly).
# start_private_xvfb FIRST LAST: starts Xvfb on the first free display number in FIRST..LAST
# and sets `display` (":N") and `xvfb_pid`; the caller's EXIT trap stops it by that PID.
# Returns 1 when no display could be started.
start_private_xvfb() {
  local first=$1 last=$2 number
  display=""
  xvfb_pid=""
  for number in $(seq "$first" "$last"); do
    if [ -e "/tmp/.X11-unix/X$number" ] || [ -e "/tmp/.X$number-lock" ]; then
      continue
    fi
    Xvfb ":$number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 1 150); do
      [ -e "/tmp/.X11-unix/X$number" ] && break
      sleep 0.1
    done
    if [ -e "/tmp/.X11-unix/X$number" ]; then
      display=":$number"
      return 0
    fi
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=""
  done
  return 1
}
