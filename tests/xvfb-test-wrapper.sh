#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs a UI test under its own X server and its own D-Bus session bus:
#
#   xvfb-test-wrapper.sh TEST_BINARY [ARGS...]
#
# Xvfb picks a free display number itself (-displayfd), so tests started at
# the same time never race for one. Xvfb is always killed on the way out and
# the exit code is the test's. With no Xvfb the test fails: it never skips.
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: xvfb-test-wrapper.sh TEST_BINARY [ARGS...]" >&2
  exit 2
fi

XVFB=$(command -v Xvfb || true)
if [ -z "$XVFB" ]; then
  echo "xvfb-test-wrapper: Xvfb not found: install the xvfb package" >&2
  exit 1
fi
if ! command -v dbus-run-session >/dev/null; then
  echo "xvfb-test-wrapper: dbus-run-session not found: install the dbus package" >&2
  exit 1
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/yado-xvfb-XXXXXX")
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# Xvfb writes the display number to this file once it accepts connections.
exec {display_fd}>"$workdir/display"
"$XVFB" -displayfd "$display_fd" -screen 0 1280x1024x24 -nolisten tcp \
  >"$workdir/xvfb.log" 2>&1 &
xvfb_pid=$!
exec {display_fd}>&-

display=
for _ in $(seq 1 300); do
  display=$(head -n 1 "$workdir/display" 2>/dev/null | tr -dc '0-9')
  [ -n "$display" ] && break
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "xvfb-test-wrapper: Xvfb exited at start:" >&2
    cat "$workdir/xvfb.log" >&2
    xvfb_pid=
    exit 1
  fi
  sleep 0.1
done
if [ -z "$display" ]; then
  echo "xvfb-test-wrapper: Xvfb did not start within 30 s:" >&2
  cat "$workdir/xvfb.log" >&2
  exit 1
fi

export DISPLAY=":$display"
unset WAYLAND_DISPLAY
export GDK_BACKEND=x11

dbus-run-session -- "$@"
rc=$?
exit "$rc"
