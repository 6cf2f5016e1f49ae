#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Takes the README's screenshots under a private Xvfb and writes them to
# docs/screenshots/:
#   manager-demo.png      the demo host after its graphs have filled a bit
#   manager-10000.png     a test-driver host of 10,000 domains
#   manager-failed.png    a host that could not be reached
#   vm-window-stopped.png a VM's window while the VM is shut off
#   vm-window-no-console.png  a running VM whose console cannot be opened
#   add-connection.png    the Add Connection dialog
#   details-*.png, performance-page*.png, delete-dialog*.png,
#   add-hardware-*.png, xml-editor-error.png   the VM window's details and
#                         its dialogs (the UI tests, on tests/data fixtures)
#   new-vm-*.png          the New VM wizard's steps, its progress and errors
# and, when run as root (the live tests start a libvirtd, QEMU and sshd):
#   vm-window-console.png, vm-window-grab.png, vm-window-text-console.png,
#   vm-window-password.png   a real guest's consoles (tests/test-live-*.c),
#   ssh-host-key.png, ssh-password.png, ssh-password-retry.png  logging in
#   over SSH (tests/test-live-ssh-login.c), connection-lost.png  a lost
#   host's row (tests/test-live-ssh-faults.c)
# Needs a built tree (scripts/run.sh or `meson setup build && ninja -C build`)
# and ImageMagick's import.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/docs/screenshots"
YADO="$ROOT/build/src/ui/yado"
GRAPH_SECONDS=${GRAPH_SECONDS:-45}
mkdir -p "$OUT"

for tool in Xvfb import dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool not found" >&2; exit 1; }
done
[ -x "$YADO" ] || { echo "screenshots: build Yado first ($YADO is missing)" >&2; exit 1; }

TMP=$(mktemp -d)
exec 3>"$TMP/display"
Xvfb -displayfd 3 -screen 0 1000x660x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do [ -s "$TMP/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$TMP/display")"
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$ROOT/build/data" NO_AT_BRIDGE=1

# shot NAME SECONDS yado-args...: runs Yado, waits, captures its window.
shot () {
  local name=$1 seconds=$2
  shift 2
  dbus-run-session -- "$YADO" "$@" >"$TMP/$name.log" 2>&1 &
  local pid=$!
  sleep "$seconds"
  import -window root -crop "${CROP:-900x600+0+0}" +repage "$OUT/$name.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "screenshots: wrote $OUT/$name.png"
}

shot manager-demo "$GRAPH_SECONDS" --demo
/usr/bin/python3 "$ROOT/bench/gen-fixture.py" --domains 10000 --output "$TMP/host-10000.xml" >/dev/null
shot manager-10000 25 --connect "test://$TMP/host-10000.xml"
shot manager-failed 5 --demo --connect "qemu+unix:///system?socket=/run/libvirt/no-such-libvirt-sock"
CROP=800x600+0+0 shot vm-window-stopped 5 --demo --show-domain-console old-centos7
# The demo host is libvirt's test driver: no graphics server to reach.
CROP=800x600+0+0 shot vm-window-no-console 5 --demo --show-domain-console web-frontend-01

# The Add Connection dialog, opened through the running Yado's D-Bus action
# (the way a second launch reaches the first).
dbus-run-session -- bash -c '
  "$0" --demo >"$1/dialog.log" 2>&1 &
  pid=$!
  sleep 4
  gdbus call --session --dest dev.yado.Yado --object-path /dev/yado/Yado \
    --method org.gtk.Actions.Activate add-connection "[]" "{}" >/dev/null
  sleep 2
  import -window root -crop 1000x660+0+0 +repage "$2/add-connection-full.png"
  kill $pid
' "$YADO" "$TMP" "$TMP"
# Keep the part of the screen the dialog covers (it opens centred on the
# manager window).
convert "$TMP/add-connection-full.png" -trim +repage "$OUT/add-connection.png" 2>/dev/null ||
  cp "$TMP/add-connection-full.png" "$OUT/add-connection.png"
echo "screenshots: wrote $OUT/add-connection.png"

# A real guest's consoles: the live tests save them when asked.
# The VM window's details, its dialogs and graphs: the UI tests take them
# on the test driver's fixtures (tests/data).
for test in test-ui-details test-ui-performance-page test-ui-delete-dialog test-ui-add-hardware \
            test-ui-xml-editor test-ui-new-vm; do
  YADO_TEST_SCREENSHOT_DIR="$OUT" YADO_BUILD_ROOT="$ROOT/build" YADO_SOURCE_ROOT="$ROOT" \
    "$ROOT/tests/xvfb-test-wrapper.sh" "$ROOT/build/tests/$test" >"$TMP/$test.log" 2>&1 ||
    { echo "screenshots: $test failed, see $TMP/$test.log" >&2; cat "$TMP/$test.log" >&2; exit 1; }
done
echo "screenshots: wrote the details, performance, delete and add-hardware screenshots"

if [ "$(id -u)" -eq 0 ]; then
  for test in test-live-console test-live-ssh-console test-live-ssh-login test-live-ssh-faults \
              test-live-new-vm-wizard; do
    YADO_TEST_SCREENSHOT_DIR="$OUT" YADO_BUILD_ROOT="$ROOT/build" YADO_SOURCE_ROOT="$ROOT" \
      "$ROOT/tests/xvfb-test-wrapper.sh" "$ROOT/build/tests/$test" >"$TMP/$test.log" 2>&1 ||
      { echo "screenshots: $test failed, see $TMP/$test.log" >&2; cat "$TMP/$test.log" >&2; exit 1; }
  done
  echo "screenshots: wrote the live console and SSH screenshots"
else
  echo "screenshots: not root: the live console screenshots were not retaken" >&2
fi
