#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installs what Yado needs to build, run and test on Debian 12, and nothing
# that is already there. Idempotent: a second run installs nothing and does
# not touch the network.
#
#   sudo scripts/install-deps.sh          everything: build, run and test
#   sudo scripts/install-deps.sh --run    only what building and running needs
#
# --run (used by scripts/run.sh) leaves out the hypervisor and the test
# servers: on a machine without them, Yado opens its demo host.
set -euo pipefail

MODE=${1:-all}

# To build.
BUILD_PACKAGES=(
  meson ninja-build pkg-config gcc binutils
  libglib2.0-dev libgtk-3-dev libvirt-dev libxml2-dev
  libspice-client-gtk-3.0-dev libgtk-vnc-2.0-dev libvte-2.91-dev libsecret-1-dev
  libgtksourceview-4-dev
  libosinfo-1.0-dev
  libsoup-3.0-dev libcrypt-dev
  gettext desktop-file-utils libglib2.0-bin
)
# To run: D-Bus (one Yado per session), icons and fonts, Python for the
# benchmark, libosinfo's OS database (the New VM wizard).
RUN_PACKAGES=(
  dbus dbus-x11 python3
  osinfo-db
  xorriso
  adwaita-icon-theme fonts-dejavu-core hicolor-icon-theme
)
# For the tests: a real libvirtd with QEMU (software emulation), an X server
# for the UI tests, sshd for the remote tests (and nc, which libvirt runs on
# the remote side), the AT-SPI bus to drive the UI as a user would,
# ImageMagick for screenshots, gnome-keyring for a real keyring.
TEST_PACKAGES=(
  libvirt-daemon libvirt-daemon-system libvirt-clients gnome-keyring
  qemu-system-x86 qemu-utils
  xvfb xauth
  openssh-server openssh-client netcat-openbsd
  at-spi2-core python3-gi gir1.2-atspi-2.0
  imagemagick
  # bench/console-fps.py measures virt-viewer and remote-viewer next to
  # Yado. With --no-install-recommends it pulls in only libvirt-glib-1.0-0
  # (gtk-vnc, spice-gtk and libvirt are here for Yado already).
  virt-viewer
)
if [ "$MODE" = "--run" ]; then
  RUNTIME_PACKAGES=("${RUN_PACKAGES[@]}")
else
  RUNTIME_PACKAGES=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}")
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: must run as root to install packages: run it with sudo:" >&2
  echo "  sudo $0" >&2
  exit 1
fi

missing=()
for pkg in "${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#BUILD_PACKAGES[@]} build and ${#RUNTIME_PACKAGES[@]} runtime packages are installed; nothing to do."
  exit 0
fi

echo "install-deps.sh: installing ${#missing[@]} missing package(s): ${missing[*]}"

export DEBIAN_FRONTEND=noninteractive

# Package scripts (libvirt-daemon-system, openssh-server, dbus) try to start
# their services. In a container without systemd or a working init that
# fails the install, and the tests start every daemon they need themselves
# anyway. policy-rc.d exit code 101 means "action forbidden": invoke-rc.d and
# deb-systemd-invoke then skip starting services. Only during this install,
# and only if we created it.
POLICY=/usr/sbin/policy-rc.d
created_policy=0
cleanup() {
  if [ "$created_policy" = 1 ]; then
    rm -f "$POLICY"
  fi
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# Temporary, from Yado scripts/install-deps.sh\nexit 101\n' > "$POLICY"
  chmod 755 "$POLICY"
  created_policy=1
fi

apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"

echo "install-deps.sh: done."
