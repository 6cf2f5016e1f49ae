"""What bench/run-bench.py and bench/console-fps.py share. Standard library only."""

import os
import select
import shutil
import subprocess
import time


def start_xvfb(screen, timeout=30):
    """Starts Xvfb on a free display number (-displayfd) with one screen of
    size `screen` ("WIDTHxHEIGHT", 24-bit), and waits up to `timeout`
    seconds for it to say which. Returns (the Popen, ":N"). Raises
    RuntimeError when Xvfb is missing, exits, or says nothing in time (and
    then stops it)."""
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
    rfd, wfd = os.pipe()
    try:
        proc = subprocess.Popen(
            [xvfb, "-displayfd", str(wfd), "-screen", "0", screen + "x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(wfd,), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except BaseException:
        os.close(rfd)
        raise
    finally:
        os.close(wfd)
    buf = b""
    deadline = time.monotonic() + timeout
    try:
        while not buf.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready = select.select([rfd], [], [], left)[0] if left > 0 else []
            if not ready:
                raise RuntimeError("Xvfb did not report a display in %d s" % timeout)
            chunk = os.read(rfd, 64)
            if not chunk:
                raise RuntimeError("Xvfb exited before reporting a display "
                                   "(exit code %s)" % proc.poll())
            buf += chunk
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        raise
    finally:
        os.close(rfd)
    return proc, ":" + buf.decode().strip()
