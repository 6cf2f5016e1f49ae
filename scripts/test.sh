#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds Yado with AddressSanitizer and UBSan in build-ci/ and runs every
# test suite (model, UI under Xvfb, live libvirtd + QEMU):
#
#   sudo scripts/test.sh [extra meson test arguments, e.g. --suite model]
#
# CI runs this through .ci/run. The exit code is meson test's.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BUILD=build-ci
SETUP_OPTIONS=(
  -Db_sanitize=address,undefined
  -Db_lundef=false
  -Dwerror=true
)

"$ROOT/scripts/install-deps.sh"

if [ -f "$BUILD/build.ninja" ]; then
  # Same directory, maybe other options: apply them, and start from scratch
  # if the old configuration cannot be reused.
  meson setup --reconfigure "$BUILD" "${SETUP_OPTIONS[@]}" ||
    meson setup --wipe "$BUILD" "${SETUP_OPTIONS[@]}"
elif [ -d "$BUILD" ]; then
  meson setup --wipe "$BUILD" "${SETUP_OPTIONS[@]}"
else
  meson setup "$BUILD" "${SETUP_OPTIONS[@]}"
fi

ninja -C "$BUILD"

# Leak detection is off: GTK, GLib's type system, fontconfig and libvirt keep
# one-time allocations until exit by design, and LeakSanitizer would report
# them in every test. Memory errors (overflows, use after free, double free)
# and undefined behaviour still stop the test at once.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The UI and live suites are marked is_parallel: false in tests/meson.build,
# so meson runs them one at a time; the model tests run two at a time.
TESTLOG_JSON="$BUILD/meson-logs/testlog.json"
rm -f "$TESTLOG_JSON"
rc=0
meson test -C "$BUILD" --print-errorlogs --num-processes 2 "$@" || rc=$?

# A closing line that counts the tests, for people and for CI.
if [ -f "$TESTLOG_JSON" ]; then
  /usr/bin/python3 - "$TESTLOG_JSON" <<'EOF' || true
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.strip()
    if not line:
        continue
    try:
        result = json.loads(line).get("result", "")
    except ValueError:
        continue
    if result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:
        failed += 1
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
EOF
fi

if [ "$rc" -ne 0 ]; then
  echo "test.sh: meson test failed (exit code $rc); the full log is $ROOT/$BUILD/meson-logs/testlog.txt" >&2
fi
exit "$rc"
