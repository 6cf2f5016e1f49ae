#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds Yado and starts it:
#
#   sudo scripts/run.sh [yado options]
#
# Installs what is missing (scripts/install-deps.sh), configures build/ if it
# is not there yet, builds, and runs build/src/ui/yado with the GSettings
# schemas of the build tree. On a machine with no hypervisor (no QEMU and no
# running libvirtd) and no options given, it starts in demo mode (--demo).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Say it before a long build, not after.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display: DISPLAY is not set, so there is nowhere to show the window." >&2
  echo "run.sh: run it from a graphical session (sudo -E keeps DISPLAY), or under a virtual X server:" >&2
  echo "  sudo xvfb-run -a -s '-screen 0 1280x1024x24' scripts/run.sh $*" >&2
  exit 1
fi

"$ROOT/scripts/install-deps.sh" --run

if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build

args=("$@")
if [ ${#args[@]} -eq 0 ] &&
   [ ! -x /usr/bin/qemu-system-x86_64 ] &&
   [ ! -S /var/run/libvirt/libvirt-sock ]; then
  echo "run.sh: no hypervisor here (no /usr/bin/qemu-system-x86_64, no /var/run/libvirt/libvirt-sock): starting in demo mode (--demo)."
  args=(--demo)
fi

export GSETTINGS_SCHEMA_DIR="$ROOT/build/data"
exec "$ROOT/build/src/ui/yado" "${args[@]}"
