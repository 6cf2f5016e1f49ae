#!/usr/bin/python3
"""Frames per second of a busy guest screen in Yado and in virt-viewer.

Runs, one after the other and on the same VM, Yado's VM window and (when
installed) virt-viewer and remote-viewer, and measures for each how many new
frames of the guest's screen reach the X server per second. See
bench/README.md ("Console frame rate") for what it measures and how.

  sudo bench/console-fps.py                       # everything, about 5 minutes
  sudo bench/console-fps.py --protocols vnc --viewers yado,virt-viewer

It needs root (the private libvirtd runs as the user yado-test, like the live
tests), Xvfb, dbus-daemon, virsh and qemu-system-x86_64; ImageMagick's
`import` for the screenshots. It builds what it needs in --build-dir
(default build-bench, a normal optimized build) and cleans up everything it
started. The report (Markdown) goes to stdout, progress to stderr.
Standard library only.
"""

import argparse
import os
import platform
import re
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

from benchutil import start_xvfb

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
CLK_TCK = os.sysconf("SC_CLK_TCK")

VIEWERS = ("yado", "yado-plain", "virt-viewer", "remote-viewer")
DEFAULT_VIEWERS = "yado,virt-viewer,remote-viewer"
VIEWER_LABEL = {
    "raw-vnc": "QEMU's VNC server to a raw RFB client (updates/s, nothing drawn)",
    "yado": "Yado (VM window)",
    "yado-plain": "Yado (bare YadoConsole)",
    "virt-viewer": "virt-viewer --attach",
    "remote-viewer": "remote-viewer URI",
}
VIEWER_PATH = {
    "virt-viewer": "/usr/bin/virt-viewer",
    "remote-viewer": "/usr/bin/remote-viewer",
}
VIEWER_ROUTE = {
    "raw-vnc": "TCP 127.0.0.1",
    "yado": "virDomainOpenGraphicsFD",
    "yado-plain": "virDomainOpenGraphicsFD",
    "virt-viewer": "virDomainOpenGraphicsFD",
    "remote-viewer": "TCP 127.0.0.1",
}


def log(msg):
    print("[console-fps] " + msg, file=sys.stderr, flush=True)


class SetupError(Exception):
    pass


# ------------------------------------------------------------- helpers ----

def proc_cpu_seconds(pid):
    """utime + stime of a process (all threads), or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except (OSError, TypeError):
        return None
    fields = data[data.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_description():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
    return "%d cores (%s), %.1f GiB RAM, Linux %s" % (
        len(os.sched_getaffinity(0)), model, mem, platform.release())


def package_version(name):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", name],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, timeout=10).stdout.strip()
        return out or None
    except (OSError, subprocess.SubprocessError):
        return None


def read_line(proc, timeout, what):
    """One line of proc's stdout, or SetupError after timeout seconds."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        raise SetupError("%s said nothing within %d s" % (what, timeout))
    line = proc.stdout.readline()
    if not line:
        raise SetupError("%s exited (status %s)" % (what, proc.wait()))
    return line.rstrip("\n")


def stop_process(proc, name, timeout=10):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        log("%s did not stop on SIGTERM within %d s: SIGKILL" % (name, timeout))
        proc.kill()
        proc.wait()


def complete_frames(changes):
    """Times of the pictures that finish an update of the guest's screen.

    A viewer may show one update in several paints, as its parts arrive:
    QEMU's VNC server sends an update top to bottom, its SPICE server
    (for a plain VGA) in columns, left to right. Every update of this guest
    changes every pixel, so the paint that changes the bottom-right corner
    of the guest's screen (the bottom and right edges of everything that
    ever changes) ends one update."""
    if not changes:
        return []
    bottom = max(c[2] for c in changes)
    right = max(c[4] for c in changes)
    return [c[0] for c in changes if c[2] >= bottom - 2 and c[4] >= right - 2]


def per_second(times_us, start_us, end_us):
    """Counts of times in each whole second of [start, end)."""
    n = int((end_us - start_us) // 1_000_000)
    bins = [0] * n
    for t in times_us:
        i = (t - start_us) // 1_000_000
        if 0 <= i < n:
            bins[i] += 1
    return bins


def read_columns(path):
    """Lines of integers, as tuples; None when the file is missing."""
    try:
        with open(path) as f:
            return [tuple(int(x) for x in line.split()) for line in f if line.strip()]
    except OSError:
        return None


# ------------------------------------------------------ a raw VNC client ----

def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise OSError("the VNC server closed the connection")
        buf += chunk
    return bytes(buf)


def rfb_update_times(host, port, warmup, seconds):
    """Times (CLOCK_MONOTONIC, µs) of the framebuffer updates QEMU's VNC
    server sends a minimal client: RFB 3.8, no authentication, raw
    encoding, a new incremental request as soon as an update is read (what
    gtk-vnc does). So: how many updates the server offers, with no viewer
    drawing them. Returns (start_us, end_us, times)."""
    with socket.create_connection((host, port), timeout=10) as sock:
        recv_exact(sock, 12)
        sock.sendall(b"RFB 003.008\n")
        types = recv_exact(sock, recv_exact(sock, 1)[0])
        if 1 not in types:
            raise OSError("the VNC server wants authentication (%r)" % types)
        sock.sendall(b"\x01")
        if struct.unpack(">I", recv_exact(sock, 4))[0] != 0:
            raise OSError("the VNC server refused the connection")
        sock.sendall(b"\x01")                                  # shared
        width, height = struct.unpack(">HH", recv_exact(sock, 4))
        bpp = recv_exact(sock, 16)[0] // 8
        recv_exact(sock, struct.unpack(">I", recv_exact(sock, 4))[0])
        sock.sendall(struct.pack(">BxHi", 2, 1, 0))            # raw only
        sock.sendall(struct.pack(">BBHHHH", 3, 0, 0, 0, width, height))
        start = time.monotonic_ns() // 1000 + int(warmup * 1e6)
        end = start + int(seconds * 1e6)
        times = []
        while time.monotonic_ns() // 1000 < end:
            kind = recv_exact(sock, 1)[0]
            if kind == 0:                                       # FramebufferUpdate
                (n,) = struct.unpack(">xH", recv_exact(sock, 3))
                for _ in range(n):
                    x, y, w, h, enc = struct.unpack(">HHHHi", recv_exact(sock, 12))
                    if enc != 0:
                        raise OSError("unexpected encoding %d" % enc)
                    recv_exact(sock, w * h * bpp)
                times.append(time.monotonic_ns() // 1000)
                sock.sendall(struct.pack(">BBHHHH", 3, 1, 0, 0, width, height))
            elif kind == 1:                                     # SetColourMapEntries
                (_, n) = struct.unpack(">xHH", recv_exact(sock, 5))
                recv_exact(sock, 6 * n)
            elif kind == 2:                                     # Bell
                pass
            elif kind == 3:                                     # ServerCutText
                recv_exact(sock, 3)
                recv_exact(sock, struct.unpack(">I", recv_exact(sock, 4))[0])
            else:
                raise OSError("unexpected message %d" % kind)
        return start, end, times


# ------------------------------------------------------------ the bench ----

class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = None
        self.xvfb = None
        self.dbus = None
        self.daemon = None
        self.uri = None
        self.env = None
        self.tool = None
        self.viewer = None
        self.sampler = None
        self.results = []
        self.still_results = []
        self.notes = []

    # -- setup --

    def build(self):
        build = self.args.build_dir
        if not os.path.isabs(build):
            build = os.path.join(REPO_ROOT, build)
        self.build_dir = build
        if not self.args.no_build:
            if not os.path.exists(os.path.join(build, "build.ninja")):
                log("meson setup %s" % build)
                subprocess.run(["meson", "setup", build, REPO_ROOT], check=True,
                               stdout=sys.stderr)
            log("ninja -C %s (the bench's targets)" % build)
            subprocess.run(["ninja", "-C", build, "bench/yado-console-fps",
                            "bench/pattern-60hz.img", "bench/pattern-unpaced.img",
                            "bench/pattern-still.img",
                            "data/gschemas.compiled"], check=True, stdout=sys.stderr)
        self.tool = os.path.join(build, "bench", "yado-console-fps")
        self.image = os.path.join(build, "bench", "pattern-%s.img" % self.args.guest)
        self.still_image = os.path.join(build, "bench", "pattern-still.img")
        for path in (self.tool, self.image, self.still_image):
            if not os.path.exists(path):
                raise SetupError("%s is missing: build it (ninja -C %s)" % (path, build))

    def start_xvfb(self):
        try:
            self.xvfb, display = start_xvfb(self.args.screen)
        except RuntimeError as e:
            raise SetupError(str(e))
        return display

    def start_dbus(self):
        dbus = shutil.which("dbus-daemon")
        if not dbus:
            raise SetupError("dbus-daemon is not installed (apt-get install dbus)")
        self.dbus = subprocess.Popen([dbus, "--session", "--nofork", "--print-address=1"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        return read_line(self.dbus, 30, "dbus-daemon")

    def setup(self):
        if os.geteuid() != 0:
            raise SetupError("run it as root: the private libvirtd runs as the user "
                             "yado-test, as in the live tests (sudo %s)" % sys.argv[0])
        for prog in ("/usr/bin/virsh", "/usr/bin/qemu-system-x86_64", "/usr/sbin/libvirtd"):
            if not os.path.exists(prog):
                raise SetupError("%s is missing: sudo scripts/install-deps.sh" % prog)
        self.build()
        self.tmp = tempfile.mkdtemp(prefix="yado-console-fps-")
        # QEMU runs as yado-test and must reach its disk here.
        os.chmod(self.tmp, 0o755)
        self.disk = os.path.join(self.tmp, "pattern.img")
        shutil.copyfile(self.image, self.disk)
        home = os.path.join(self.tmp, "home")
        runtime = os.path.join(self.tmp, "run")
        os.makedirs(home)
        os.makedirs(runtime, mode=0o700)

        display = self.start_xvfb()
        log("Xvfb on %s (%s)" % (display, self.args.screen))
        env = dict(os.environ)
        env.update({
            "DISPLAY": display,
            "GDK_BACKEND": "x11",
            "NO_AT_BRIDGE": "1",
            "GSETTINGS_BACKEND": "memory",
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_CACHE_HOME": os.path.join(home, ".cache"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
            "XDG_RUNTIME_DIR": runtime,
        })
        env.pop("WAYLAND_DISPLAY", None)
        self.env = env
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.start_dbus()

        log("starting the private libvirtd")
        self.daemon = subprocess.Popen([self.tool, "daemon", "--disk", self.disk],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       text=True, env=self.env)
        line = read_line(self.daemon, 120, "the bench daemon")
        if not line.startswith("uri "):
            raise SetupError("the bench daemon said %r" % line)
        self.uri = line[4:]
        m = re.search(r"socket=(.*)/libvirt/libvirt-sock", self.uri)
        self.daemon_dir = m.group(1) if m else None
        log("libvirtd at %s" % self.uri)

    def cleanup(self):
        stop_process(self.sampler, "the sampler")
        stop_process(self.viewer, "the viewer")
        if self.daemon is not None and self.daemon.poll() is None:
            # Closing its stdin stops the daemon and every QEMU it started.
            try:
                self.daemon.stdin.close()
                self.daemon.wait(60)
            except (OSError, subprocess.TimeoutExpired):
                stop_process(self.daemon, "the bench daemon")
        stop_process(self.dbus, "dbus-daemon")
        stop_process(self.xvfb, "Xvfb")
        if self.tmp and not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        elif self.tmp:
            log("kept %s" % self.tmp)

    # -- the VM --

    def virsh(self, *argv, check=True):
        proc = subprocess.run(["/usr/bin/virsh", "-c", self.uri] + list(argv),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=60)
        if check and proc.returncode != 0:
            raise SetupError("virsh %s: %s" % (" ".join(argv), proc.stderr.strip()))
        return proc.stdout

    def guest_frames(self, vm):
        """The guest's own frame counter (bench/guest/pattern-boot.S)."""
        try:
            out = self.virsh("qemu-monitor-command", vm, "--hmp", "xp /1wx 0x500")
        except (SetupError, subprocess.TimeoutExpired):
            return None
        m = re.search(r"\b0*500:\s*0x([0-9a-fA-F]+)", out)
        return int(m.group(1), 16) if m else None

    def qemu_pid(self, vm):
        if self.daemon_dir:
            try:
                with open(os.path.join(self.daemon_dir, "libvirt", "qemu", "run",
                                       vm + ".pid")) as f:
                    return int(f.read().strip())
            except (OSError, ValueError):
                pass
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open("/proc/%s/cmdline" % name, "rb") as f:
                        cmd = f.read()
                except OSError:
                    continue
                if b"qemu-system" in cmd and ("guest=%s," % vm).encode() in cmd:
                    return int(name)
        return None

    # -- one measurement --

    def viewer_command(self, viewer, vm, draw_log):
        size = self.args.size
        extra = ["--dump-tree"] if self.args.dump_tree else []
        if viewer == "yado":
            return [self.tool, "view", "--uri", self.uri, "--domain", vm, "--window", "vm",
                    "--size", size, "--draw-log", draw_log] + extra
        if viewer == "yado-plain":
            return [self.tool, "view", "--uri", self.uri, "--domain", vm,
                    "--window", "plain", "--device", "0", "--size", size,
                    "--draw-log", draw_log] + extra
        if viewer == "virt-viewer":
            # Same route as Yado: virDomainOpenGraphicsFD on the first
            # graphics device, one socket per SPICE channel.
            return [VIEWER_PATH[viewer], "--attach", "--connect", self.uri, vm]
        if viewer == "remote-viewer":
            # By URI, over TCP to QEMU on 127.0.0.1.
            proto, host, port = self.tcp_address(vm)
            return [VIEWER_PATH[viewer], "%s://%s:%d" % (proto, host, port)]
        raise ValueError(viewer)

    def tcp_address(self, vm):
        """(protocol, host, port) of the VM's first graphics device."""
        proto = vm.rsplit("-", 1)[1]
        url = self.virsh("domdisplay", "--type", proto, vm).strip()
        m = re.match(r"(\w+)://([^:/]+):(\d+)", url)
        if not m:
            raise SetupError("virsh domdisplay said %r" % url)
        port = int(m.group(3))
        # virsh names a VNC display (:0); remote-viewer wants the port.
        if proto == "vnc" and port < 5900:
            port += 5900
        return m.group(1), m.group(2), port

    def measure_vnc_server(self, vm):
        """Updates per second QEMU's VNC server gives a client that draws
        nothing (see rfb_update_times), with the guest's own frame rate."""
        _, host, port = self.tcp_address(vm)
        label = "QEMU's VNC server, raw client"
        log("%s: %s:%d for %d s" % (label, host, port, self.args.seconds))
        g0 = (self.guest_frames(vm), time.monotonic())
        try:
            start, end, times = rfb_update_times(host, port, self.args.warmup,
                                                 self.args.seconds)
        except OSError as e:
            log("%s: failed: %s" % (label, e))
            return
        g1 = (self.guest_frames(vm), time.monotonic())
        result = {"viewer": "raw-vnc", "proto": "vnc", "start_us": start, "end_us": end,
                  "frames": per_second(times, start, end), "cpu": {}}
        if g0[0] is not None and g1[0] is not None:
            result["guest_fps"] = ((g1[0] - g0[0]) & 0xffffffff) / (g1[1] - g0[1])
        log("%s: median %s updates/s" % (label, statistics.median(result["frames"])))
        self.results.append(result)

    def measure(self, viewer, proto, vm):
        label = "%s %s" % (VIEWER_LABEL[viewer], proto.upper())
        path = VIEWER_PATH.get(viewer)
        if path and not os.path.exists(path):
            log("%s: not installed, skipped (apt-get install virt-viewer)" % label)
            self.results.append({"viewer": viewer, "proto": proto, "skipped": "not installed"})
            return
        tag = "%s-%s" % (viewer, proto)
        draw_log = os.path.join(self.tmp, tag + ".draws")
        frames_log = os.path.join(self.tmp, tag + ".frames")
        viewer_out = open(os.path.join(self.tmp, tag + ".log"), "w")
        argv = self.viewer_command(viewer, vm, draw_log)
        log("%s: %s" % (label, " ".join(argv)))
        self.viewer = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL,
                                       stdout=viewer_out, stderr=subprocess.STDOUT)
        self.sampler = subprocess.Popen(
            [self.tool, "sample", "--pid", str(self.viewer.pid), "--size", self.args.size,
             "--warmup", str(self.args.warmup), "--seconds", str(self.args.seconds),
             "--hz", str(self.args.hz), "--out", frames_log],
            env=self.env, stdout=subprocess.PIPE, text=True)
        pids = {"viewer": self.viewer.pid, "qemu": self.qemu_pid(vm), "xvfb": self.xvfb.pid}
        result = {"viewer": viewer, "proto": proto}
        timeout = 60 + 60 + self.args.warmup + self.args.seconds + 30
        try:
            while True:
                line = read_line(self.sampler, timeout, "the sampler")
                if line.startswith("window ") or line == "moving" or line.startswith("geometry"):
                    log("%s: %s" % (label, line))
                    if line.startswith("geometry"):
                        result["geometry"] = line.split()[1]
                elif line.startswith("measure-start "):
                    if viewer.startswith("yado"):
                        # Its summary counts from here.
                        self.viewer.send_signal(signal.SIGUSR1)
                    result["start_us"] = int(line.split()[1])
                    result["cpu0"] = {k: proc_cpu_seconds(p) for k, p in pids.items()}
                    result["wall0"] = time.monotonic()
                    t0 = time.monotonic()
                    result["guest0"] = (self.guest_frames(vm), (t0 + time.monotonic()) / 2)
                    log("%s: measuring for %s s" % (label, self.args.seconds))
                elif line.startswith("measure-end "):
                    wall1 = time.monotonic()
                    result["cpu1"] = {k: proc_cpu_seconds(p) for k, p in pids.items()}
                    t0 = time.monotonic()
                    result["guest1"] = (self.guest_frames(vm), (t0 + time.monotonic()) / 2)
                    fields = line.split()
                    result["end_us"] = int(fields[1])
                    kv = dict(f.split("=") for f in fields[2:])
                    result["samples"] = int(kv["samples"])
                    result["sampler_cpu"] = float(kv["cpu_s"])
                    result["cpu_wall"] = wall1 - result["wall0"]
        except SetupError as e:
            if self.sampler.poll() is None or "start_us" not in result or "end_us" not in result:
                stop_process(self.sampler, "the sampler")
                stop_process(self.viewer, label)
                viewer_out.close()
                log("%s: failed: %s (log: %s)" % (label, e, viewer_out.name))
                result["skipped"] = "failed: %s" % e
                self.results.append(result)
                self.viewer = self.sampler = None
                return
        self.sampler.wait()
        self.sampler = None

        if self.args.screenshots:
            shot = os.path.join(self.args.screenshots, "console-fps-%s.png" % tag)
            w, h = self.args.size.split("x")
            subprocess.run(["import", "-window", "root", "-crop", "%sx%s+0+0" % (w, h),
                            "+repage", shot], env=self.env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            log("%s: screenshot %s" % (label, shot))

        stop_process(self.viewer, label)
        self.viewer = None
        viewer_out.close()

        start, end = result["start_us"], result["end_us"]
        changes = read_columns(frames_log) or []
        result["frames"] = per_second([c[0] for c in changes], start, end)
        result["complete"] = per_second(complete_frames(changes), start, end)
        draws = read_columns(draw_log) if viewer.startswith("yado") else None
        if draws is not None:
            result["draws"] = per_second([d[0] for d in draws], start, end)
        g0, g1 = result["guest0"], result["guest1"]
        if g0[0] is not None and g1[0] is not None and g1[1] > g0[1]:
            result["guest_fps"] = ((g1[0] - g0[0]) & 0xffffffff) / (g1[1] - g0[1])
        dt = result["cpu_wall"]
        result["cpu"] = {}
        for k in pids:
            c0, c1 = result["cpu0"].get(k), result["cpu1"].get(k)
            if c0 is not None and c1 is not None and dt > 0:
                result["cpu"][k] = 100.0 * (c1 - c0) / dt
        result["sample_hz"] = result["samples"] / ((end - start) / 1e6)
        # The Yado viewer's summary: its window's paints and their size.
        try:
            with open(viewer_out.name) as f:
                text = f.read()
            m = re.search(r"window-draws (\d+) mean-clip-area (\d+) px", text)
            if m:
                result["paint_area"] = int(m.group(2))
            m = re.search(r"mean-paint-ms ([0-9.]+)", text)
            if m:
                result["paint_ms"] = float(m.group(1))
        except OSError:
            pass
        log("%s: median %s complete frames/s, %s new pictures/s%s" % (
            label, statistics.median(result["complete"]) if result["complete"] else "-",
            statistics.median(result["frames"]) if result["frames"] else "-",
            ", %s draws/s" % statistics.median(result["draws"]) if result.get("draws") else ""))
        self.results.append(result)

    def measure_still(self, viewer, proto, vm):
        """CPU a viewer uses to show a guest screen that does not change."""
        label = "%s %s, still screen" % (VIEWER_LABEL[viewer], proto.upper())
        path = VIEWER_PATH.get(viewer)
        if path and not os.path.exists(path):
            return
        tag = "still-%s-%s" % (viewer, proto)
        log_path = os.path.join(self.tmp, tag + ".log")
        argv = self.viewer_command(viewer, vm, os.path.join(self.tmp, tag + ".draws"))
        log("%s: %s" % (label, " ".join(argv)))
        with open(log_path, "w") as out:
            self.viewer = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL,
                                           stdout=out, stderr=subprocess.STDOUT)
            # Connected, and settled.
            time.sleep(self.args.warmup + 5)
            if self.viewer.poll() is not None:
                log("%s: the viewer exited (log: %s)" % (label, log_path))
                self.viewer = None
                return
            if viewer.startswith("yado"):
                self.viewer.send_signal(signal.SIGUSR1)
            c0, t0 = proc_cpu_seconds(self.viewer.pid), time.monotonic()
            time.sleep(self.args.still_seconds)
            c1, t1 = proc_cpu_seconds(self.viewer.pid), time.monotonic()
            stop_process(self.viewer, label)
            self.viewer = None
        result = {"viewer": viewer, "proto": proto, "cpu": 100.0 * (c1 - c0) / (t1 - t0)}
        with open(log_path) as f:
            text = f.read()
        m = re.search(r"frame-clock (\d+) frames", text)
        if m:
            result["frame_clock"] = int(m.group(1)) / (t1 - t0)
        m = re.search(r"window-draws (\d+)", text)
        if m:
            result["paints"] = int(m.group(1)) / (t1 - t0)
        log("%s: %.1f %% of a core" % (label, result["cpu"]))
        self.still_results.append(result)

    def run(self):
        self.setup()
        for proto in self.args.protocols if self.args.rounds > 0 else []:
            vm = "yado-bench-" + proto
            log("starting %s" % vm)
            self.virsh("start", vm)
            # SeaBIOS, then the boot sector switches to mode 13h.
            time.sleep(3)
            for round_ in range(self.args.rounds):
                if self.args.rounds > 1:
                    log("%s: round %d of %d" % (vm, round_ + 1, self.args.rounds))
                if proto == "vnc" and not self.args.no_raw_vnc:
                    self.measure_vnc_server(vm)
                for viewer in self.args.viewers:
                    self.measure(viewer, proto, vm)
            self.virsh("destroy", vm, check=False)
        if self.args.still_seconds <= 0:
            return
        # The same VMs with a guest that draws one frame and idles.
        shutil.copyfile(self.still_image, self.disk)
        for proto in self.args.protocols:
            vm = "yado-bench-" + proto
            log("starting %s with a still screen" % vm)
            self.virsh("start", vm)
            time.sleep(3)
            for viewer in self.args.viewers:
                self.measure_still(viewer, proto, vm)
            self.virsh("destroy", vm, check=False)

    # -- the report --

    def report(self):
        a = self.args
        out = []
        if self.results:
            out.append("## Console frame rate: a %s guest screen, %s window, %d s after a %d s "
                       "warm-up%s" % ("60 fps" if a.guest == "60hz" else "flat-out", a.size,
                                      a.seconds, a.warmup,
                                      ", %d rounds" % a.rounds if a.rounds > 1 else ""))
            out.append("")
            out.append("| viewer | protocol | socket | guest frames shown / s: median (min–max) | "
                       "new pictures on screen / s: median | widget draws / s: median | "
                       "CPU: viewer | QEMU | Xvfb |")
            out.append("|---|---|---|---:|---:|---:|---:|---:|---:|")
        groups = {}
        for r in self.results:
            groups.setdefault((r["proto"], r["viewer"]), []).append(r)
        for (proto, viewer), runs in groups.items():
            label = VIEWER_LABEL[viewer]
            done = [r for r in runs if "skipped" not in r]
            if not done:
                out.append("| %s | %s | %s | %s | | | | | |" % (
                    label, proto.upper(), VIEWER_ROUTE[viewer], runs[0]["skipped"]))
                continue
            # The raw client has no screen: its updates are its frames.
            shown = [x for r in done for x in r.get("complete", r["frames"])]
            pictures = [x for r in done for x in r["frames"]] if "complete" in done[0] else []
            draws = [x for r in done for x in r.get("draws", [])]
            cells = []
            for k in ("viewer", "qemu", "xvfb"):
                vals = [r["cpu"][k] for r in done if k in r["cpu"]]
                cells.append("%.0f %%" % (sum(vals) / len(vals)) if vals else "—")
            note = "" if len(done) == len(runs) else " (%d of %d runs failed)" % (
                len(runs) - len(done), len(runs))
            out.append("| %s%s | %s | %s | **%g** (%d–%d) | %s | %s | %s | %s | %s |" % (
                label, note, proto.upper(), VIEWER_ROUTE[viewer], statistics.median(shown),
                min(shown), max(shown),
                "%g" % statistics.median(pictures) if pictures else "—",
                "%g" % statistics.median(draws) if draws else "—", *cells))
        if self.still_results:
            if out:
                out.append("")
            out.append("## A still guest screen (the guest draws once, then idles), %d s" %
                       a.still_seconds)
            out.append("")
            out.append("| viewer | protocol | CPU: viewer | frame clock frames / s | "
                       "window paints / s |")
            out.append("|---|---|---:|---:|---:|")
            for r in self.still_results:
                out.append("| %s | %s | %.1f %% | %s | %s |" % (
                    VIEWER_LABEL[r["viewer"]], r["proto"].upper(), r["cpu"],
                    "%.1f" % r["frame_clock"] if "frame_clock" in r else "—",
                    "%.1f" % r["paints"] if "paints" in r else "—"))
        out.append("")
        guest = [r["guest_fps"] for r in self.results if "guest_fps" in r]
        if guest:
            out.append("* The guest drew %.1f frames/s (%.1f–%.1f over the runs; its own counter, "
                       "read through the QEMU monitor)." % (sum(guest) / len(guest), min(guest),
                                                             max(guest)))
        for (proto, viewer), runs in groups.items():
            areas = [r["paint_area"] for r in runs if "paint_area" in r]
            times = [r["paint_ms"] for r in runs if "paint_ms" in r]
            if areas and times:
                out.append("* %s %s: a frame of its window takes %.2f ms to lay out and paint "
                           "on the client side; a paint covers %s px on average (the whole "
                           "window: %s px)." % (
                               VIEWER_LABEL[viewer], proto.upper(), sum(times) / len(times),
                               "{:,.0f}".format(sum(areas) / len(areas)),
                               "{:,}".format(a.width * a.height)))
        measured = [r for r in self.results if "samples" in r]
        if measured:
            hz = min(r["sample_hz"] for r in measured)
            scpu = max(100 * r["sampler_cpu"] / ((r["end_us"] - r["start_us"]) / 1e6)
                       for r in measured)
            geoms = sorted({r.get("geometry", "?") for r in measured})
            out.append("* Screen sampled at %d Hz asked, at least %.0f Hz got; the sampler used "
                       "up to %.0f %% of a core. Window area sampled: %s." % (
                           a.hz, hz, scpu, ", ".join(geoms)))
        out.append("* Machine: %s." % machine_description())
        versions = ["%s %s" % (p, package_version(p)) for p in
                    ("qemu-system-x86", "libvirt-daemon", "libgtk-vnc-2.0-0",
                     "libspice-client-gtk-3.0-5", "virt-viewer", "xvfb")]
        out.append("* Versions: %s." % ", ".join(v for v in versions if not v.endswith("None")))
        out.append("* QEMU runs the guest under software emulation (TCG); CPU columns are "
                   "percent of one core over the measurement.")
        out.extend("* " + n for n in self.notes)
        return "\n".join(out) + "\n"


def on_signal(signum, frame):
    raise KeyboardInterrupt


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", default="build-bench",
                   help="meson build directory (relative to the source tree); "
                        "set up and built if needed (default: build-bench)")
    p.add_argument("--no-build", action="store_true", help="do not run meson/ninja")
    p.add_argument("--protocols", default="vnc,spice", help="vnc,spice (default: both)")
    p.add_argument("--viewers", default=DEFAULT_VIEWERS,
                   help="comma-separated, from %s (default: %s)" % (",".join(VIEWERS),
                                                                    DEFAULT_VIEWERS))
    p.add_argument("--guest", choices=("60hz", "unpaced"), default="60hz",
                   help="guest paced at 60 frames/s, or drawing flat out (default: 60hz)")
    p.add_argument("--size", default="800x600", help="every viewer's window size (800x600)")
    p.add_argument("--screen", default="1024x768", help="Xvfb screen size (1024x768)")
    p.add_argument("--seconds", type=int, default=20, help="measurement length (20)")
    p.add_argument("--warmup", type=int, default=5,
                   help="seconds after the picture first moves (5)")
    p.add_argument("--hz", type=int, default=250, help="screen samples per second (250)")
    p.add_argument("--rounds", type=int, default=1,
                   help="measure every viewer this many times, interleaved (1; 0: only "
                        "--still-seconds)")
    p.add_argument("--still-seconds", type=int, default=0,
                   help="then measure each viewer's CPU on a still guest screen for this "
                        "long (default 0: not)")
    p.add_argument("--no-raw-vnc", action="store_true",
                   help="skip the raw RFB client that measures QEMU's VNC server alone")
    p.add_argument("--screenshots", metavar="DIR",
                   help="save a screenshot of each viewer after its measurement")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    p.add_argument("--dump-tree", action="store_true",
                   help="Yado's viewers print their widget tree to their log (with --keep)")
    p.add_argument("--markdown", metavar="PATH", help="also write the report to PATH")
    args = p.parse_args()
    m = re.fullmatch(r"(\d+)x(\d+)", args.size)
    if not m:
        p.error("--size is WIDTHxHEIGHT")
    args.width, args.height = int(m.group(1)), int(m.group(2))
    args.protocols = [x for x in args.protocols.split(",") if x]
    args.viewers = [x for x in args.viewers.split(",") if x]
    for x in args.protocols:
        if x not in ("vnc", "spice"):
            p.error("unknown protocol %s" % x)
    for x in args.viewers:
        if x not in VIEWERS:
            p.error("unknown viewer %s" % x)
    if args.screenshots:
        args.screenshots = os.path.abspath(args.screenshots)
        os.makedirs(args.screenshots, exist_ok=True)

    bench = Bench(args)
    # SIGTERM/SIGHUP clean up like Ctrl-C.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    status = 0
    try:
        bench.run()
    except SetupError as e:
        log("error: %s" % e)
        status = 2
    except KeyboardInterrupt:
        log("interrupted")
        status = 130
    finally:
        bench.cleanup()
    if bench.results or bench.still_results:
        text = bench.report()
        sys.stdout.write(text)
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(text)
        if status == 0 and any("skipped" in r and r["skipped"].startswith("failed")
                               for r in bench.results):
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
