#!/usr/bin/python3
"""Benchmark Yado against libvirt test-driver hosts with many domains.

For every size in --sizes this script
  1. writes a fixture with bench/gen-fixture.py into a temporary directory,
  2. times how long libvirt alone takes to open it (`virsh -c URI uri`),
     as a baseline, when virsh is installed,
  3. starts `yado --connect test:///ABS/fixture.xml` with YADO_BENCH=1 and
     waits for the line
         yado-bench: listed N domains realtime_us=T
     on its stdout (T is g_get_real_time() when the last domain became a row
     of the main list); time to list = T/1e6 - the time.time() taken just
     before spawning yado,
  4. measures yado's CPU use over the next --idle-seconds seconds
     (utime+stime from /proc/PID/stat), then its peak RSS (VmHWM from
     /proc/PID/status), and stops it (SIGTERM, then SIGKILL).

With --virt-manager the same fixture is opened in virt-manager, when it is
installed, for comparison.  If DISPLAY is not set an Xvfb server is started
(and stopped at the end).  The report is a Markdown table on stdout; progress
goes to stderr.  Standard library only.  See bench/README.md.
"""

import argparse
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from benchutil import start_xvfb

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
GEN_FIXTURE = os.path.join(BENCH_DIR, "gen-fixture.py")

LISTED_RE = re.compile(r"^yado-bench: listed (\d+) domains realtime_us=(\d+)\s*$")

# Budgets by number of domains.  A size missing from a table has no budget.
BUDGET_LIST_S = {10000: 1.5}
BUDGET_IDLE_CPU_PCT = {1000: 2.0, 10000: 10.0}
BUDGET_RSS_MIB = {1000: 60.0, 10000: 150.0}

VIRT_MANAGER = "/usr/bin/virt-manager"


def log(msg):
    print("[run-bench] " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- /proc ----

CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid):
    """utime + stime of a process, in seconds (None if it is gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            data = f.read()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    fields = data[data.rindex(")") + 2:].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    utime = int(fields[14 - 3])
    stime = int(fields[15 - 3])
    return (utime + stime) / CLK_TCK


def proc_status_kib(pid, key):
    """A 'kB' value from /proc/PID/status (really KiB), or None."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def machine_description():
    model = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        ncpu = len(os.sched_getaffinity(0))
    except AttributeError:
        ncpu = os.cpu_count()
    mem = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) / 1024 / 1024
                    break
    except OSError:
        pass
    parts = ["nproc %s" % ncpu, "CPU %s" % (model or "unknown")]
    if mem:
        parts.append("%.1f GiB RAM" % mem)
    parts.append("Linux %s" % platform.release())
    return ", ".join(parts)


def tool_version(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, timeout=30).stdout.strip()
        return out.splitlines()[0] if out else None
    except (OSError, subprocess.SubprocessError):
        return None


# ------------------------------------------------------------ processes ----

def stop_process(proc, what, grace=10.0):
    """SIGTERM, wait up to `grace` seconds, then SIGKILL.  Returns how."""
    if proc.poll() is not None:
        return "had already exited (code %d)" % proc.returncode
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
        return "stopped by SIGTERM"
    except subprocess.TimeoutExpired:
        log("%s ignored SIGTERM for %.0f s, sending SIGKILL" % (what, grace))
        proc.kill()
        proc.wait()
        return "killed with SIGKILL after %.0f s" % grace


class LineWatcher:
    """Reads a pipe in a thread (so the child never blocks on a full pipe)
    and remembers the first line matching a regular expression."""

    def __init__(self, pipe, regex, echo_prefix=None):
        self.regex = regex
        self.match = None
        self.match_time = None
        self.lines = 0
        self.tail = []
        self.event = threading.Event()
        self.echo_prefix = echo_prefix
        self.thread = threading.Thread(target=self._run, args=(pipe,), daemon=True)
        self.thread.start()

    def _run(self, pipe):
        for raw in iter(pipe.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.lines += 1
            self.tail = (self.tail + [line])[-20:]
            if self.match is None:
                m = self.regex.match(line)
                if m:
                    self.match_time = time.time()
                    self.match = m
                    self.event.set()
        pipe.close()
        self.event.set()  # EOF: wake the waiter too

    def wait(self, timeout):
        self.event.wait(timeout)
        return self.match


def measure_idle(proc, seconds):
    """CPU % of one core and wall time over `seconds`, or None if the process
    died meanwhile."""
    pid = proc.pid
    c0 = proc_cpu_seconds(pid)
    t0 = time.monotonic()
    if c0 is None:
        return None
    try:
        proc.wait(timeout=seconds)
        return None  # exited during the idle window
    except subprocess.TimeoutExpired:
        pass
    c1 = proc_cpu_seconds(pid)
    t1 = time.monotonic()
    if c1 is None:
        return None
    return {"cpu_pct": 100.0 * (c1 - c0) / (t1 - t0), "cpu_s": c1 - c0, "wall_s": t1 - t0}


def wait_until_settled(proc, timeout, window=3.0, threshold_pct=25.0):
    """For programs without a listing contract: wait until the CPU use over
    `window` seconds drops below `threshold_pct` of a core.  Returns the
    seconds waited, or None if it never settled (or exited)."""
    start = time.monotonic()
    last = proc_cpu_seconds(proc.pid)
    last_t = start
    time.sleep(window)
    while time.monotonic() - start < timeout:
        now_c = proc_cpu_seconds(proc.pid)
        now_t = time.monotonic()
        if now_c is None or last is None or proc.poll() is not None:
            return None
        pct = 100.0 * (now_c - last) / (now_t - last_t)
        if pct < threshold_pct:
            return now_t - start
        last, last_t = now_c, now_t
        time.sleep(window)
    return None


# ------------------------------------------------------------ reporting ----

def judge(value, budget, unit, fmt):
    """'within budget' / 'over by X' / 'no budget set'."""
    if budget is None:
        return "no budget set"
    if value <= budget:
        return "within budget"
    over = value - budget
    if unit == "%":
        return "over by %s percentage points, %.1f× the budget" % (fmt % over, value / budget)
    return "over by %s%s (+%.0f%%)" % (fmt % over, unit, 100.0 * over / budget)


def fmt_budget(size, table, unit):
    b = table.get(size)
    return "%g%s" % (b, unit) if b is not None else "none"


def cell(value, budget, unit, fmt):
    if value is None:
        return "—"
    return "%s%s (%s)" % (fmt % value, unit, judge(value, budget, unit, fmt))


# ----------------------------------------------------------------- runs ----

def generate_fixture(size, tmpdir):
    path = os.path.join(tmpdir, "host-%d.xml" % size)
    log("generating %d-domain fixture in %s" % (size, path))
    subprocess.run([sys.executable, GEN_FIXTURE, "--domains", str(size), "--output", path],
                   check=True)
    return path


def virsh_baseline(uri, timeout):
    """Seconds virsh needs to open the connection (the test driver parses the
    whole file at open time), or None."""
    virsh = shutil.which("virsh")
    if not virsh:
        return None
    t0 = time.monotonic()
    try:
        r = subprocess.run([virsh, "-c", uri, "uri"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        log("virsh could not open %s: %s" % (uri, r.stderr.decode(errors="replace").strip()))
        return None
    return time.monotonic() - t0


def show_log_tail(path, lines=15):
    try:
        with open(path, "rb") as f:
            tail = f.read().decode("utf-8", "replace").splitlines()[-lines:]
    except OSError:
        return
    if tail:
        log("last lines of %s:" % os.path.basename(path))
        for line in tail:
            print("    " + line, file=sys.stderr)
    sys.stderr.flush()


def run_yado(args, size, uri, env, logdir):
    argv = [args.yado, "--connect", uri]
    result = {"size": size, "argv": argv, "status": None, "time_to_list": None,
              "listed": None, "cpu_pct": None, "rss_mib": None, "stopped": None,
              "log": os.path.join(logdir, "yado-%d.stderr" % size)}
    log("starting: %s" % " ".join(shlex.quote(a) for a in argv))
    with open(result["log"], "wb") as errlog:
        start = time.time()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=errlog)
        try:
            watcher = LineWatcher(proc.stdout, LISTED_RE)
            m = watcher.wait(args.list_timeout)
            if m is None:
                code = proc.poll()
                if code is not None:
                    result["status"] = "did not list (exited with code %d)" % code
                else:
                    result["status"] = "did not list (no listing line in %g s)" % args.list_timeout
                log("%d domains: %s" % (size, result["status"]))
                show_log_tail(result["log"])
                return result
            listed = int(m.group(1))
            realtime_us = int(m.group(2))
            result["listed"] = listed
            result["time_to_list"] = realtime_us / 1e6 - start
            result["status"] = "listed"
            if listed != size:
                result["status"] = "listed %d of %d domains" % (listed, size)
            log("%d domains: listed %d after %.3f s; idling %g s"
                % (size, listed, result["time_to_list"], args.idle_seconds))
            idle = measure_idle(proc, args.idle_seconds)
            if idle is None:
                result["status"] = "exited during the idle window (code %s)" % proc.poll()
                log("%d domains: %s" % (size, result["status"]))
                return result
            result["cpu_pct"] = idle["cpu_pct"]
            hwm = proc_status_kib(proc.pid, "VmHWM")
            result["rss_mib"] = hwm / 1024.0 if hwm is not None else None
            log("%d domains: idle CPU %.2f%% of one core, peak RSS %.1f MiB"
                % (size, result["cpu_pct"], result["rss_mib"] or -1))
            return result
        finally:
            result["stopped"] = stop_process(proc, "yado")


def run_virt_manager(args, size, uri, env, logdir):
    argv = [VIRT_MANAGER, "--no-fork", "--connect", uri]
    result = {"size": size, "argv": argv, "status": None, "settle_s": None,
              "cpu_pct": None, "rss_mib": None,
              "log": os.path.join(logdir, "virt-manager-%d.stderr" % size)}
    vm_env = dict(env)
    vm_env.pop("YADO_BENCH", None)
    vm_env.pop("GSETTINGS_SCHEMA_DIR", None)  # virt-manager's schema is system-wide
    log("starting: %s" % " ".join(shlex.quote(a) for a in argv))
    with open(result["log"], "wb") as errlog:
        proc = subprocess.Popen(argv, env=vm_env, stdin=subprocess.DEVNULL,
                                stdout=errlog, stderr=errlog)
        try:
            settle = wait_until_settled(proc, args.list_timeout)
            if settle is None:
                code = proc.poll()
                result["status"] = ("exited with code %d" % code if code is not None
                                    else "did not settle in %g s" % args.list_timeout)
                log("virt-manager, %d domains: %s" % (size, result["status"]))
                return result
            result["settle_s"] = settle
            idle = measure_idle(proc, args.idle_seconds)
            if idle is None:
                result["status"] = "exited during the idle window"
                return result
            result["cpu_pct"] = idle["cpu_pct"]
            hwm = proc_status_kib(proc.pid, "VmHWM")
            result["rss_mib"] = hwm / 1024.0 if hwm is not None else None
            result["status"] = "ok"
            log("virt-manager, %d domains: idle CPU %.2f%%, peak RSS %.1f MiB"
                % (size, result["cpu_pct"], result["rss_mib"] or -1))
            return result
        finally:
            stop_process(proc, "virt-manager")


def report(args, rows, vm_rows, vm_note, baselines, machine, display_note):
    out = []
    w = out.append
    w("## Yado benchmark")
    w("")
    w("| domains | time to list (budget 1.5 s at 10,000) "
      "| idle CPU % of one core (budget 2% at 1,000 / 10% at 10,000) "
      "| peak RSS (budget 60 MB / 150 MB; MiB) |")
    w("|---:|---|---|---|")
    for r in rows:
        size = r["size"]
        if r["time_to_list"] is None:
            w("| %s | %s | — | — |" % ("{:,}".format(size), r["status"]))
            continue
        t = cell(r["time_to_list"], BUDGET_LIST_S.get(size), " s", "%.2f")
        if baselines.get(size) is not None:
            t += "; %.2f s beyond the virsh open baseline" % (r["time_to_list"] - baselines[size])
        if r["status"] != "listed":
            t += " — " + r["status"]
        cpu = cell(r["cpu_pct"], BUDGET_IDLE_CPU_PCT.get(size), "%", "%.2f")
        rss = cell(r["rss_mib"], BUDGET_RSS_MIB.get(size), " MiB", "%.1f")
        w("| %s | %s | %s | %s |" % ("{:,}".format(size), t, cpu, rss))
    w("")
    if any(b is not None for b in baselines.values()):
        w("Baseline: libvirt's test driver parses the whole fixture when the "
          "connection is opened; `virsh -c URI uri` on the same fixture took "
          + ", ".join("%.2f s at %s domains" % (b, "{:,}".format(s))
                      for s, b in baselines.items() if b is not None)
          + ". Yado's time to list includes this.")
        w("")
    if vm_note:
        w("virt-manager comparison: " + vm_note)
        w("")
    if vm_rows:
        w("| domains | virt-manager: time until idle (approx.) | idle CPU % of one core | peak RSS (MiB) |")
        w("|---:|---|---|---|")
        for r in vm_rows:
            if r["cpu_pct"] is None:
                w("| %s | %s | — | — |" % ("{:,}".format(r["size"]), r["status"]))
            else:
                w("| %s | %.1f s | %.2f%% | %.1f MiB |"
                  % ("{:,}".format(r["size"]), r["settle_s"], r["cpu_pct"], r["rss_mib"]))
        w("")
    w("- Idle window: %g s after the listing line; CPU = (utime+stime) from "
      "/proc/PID/stat over that window, as %% of one core." % args.idle_seconds)
    w("- Peak RSS: VmHWM from /proc/PID/status at the end of the idle window, "
      "in MiB (1 MiB = 1,048,576 bytes); the budgets in MB are read as MiB.")
    w("- Time to list: realtime_us from yado's `yado-bench: listed N domains` "
      "line minus the wall-clock time just before yado was spawned.")
    w("- Machine: %s." % machine)
    lv = tool_version(["virsh", "--version"])
    if lv:
        w("- libvirt (virsh) %s; Python %s; display: %s." % (lv, platform.python_version(), display_note))
    w("- Command: `%s`" % " ".join(shlex.quote(a) for a in [sys.executable] + sys.argv))
    for r in rows:
        w("- yado at %s domains: `%s` (%s)" % ("{:,}".format(r["size"]),
          " ".join(shlex.quote(a) for a in r["argv"]), r["stopped"] or "not started"))
    w("- Environment for yado: YADO_BENCH=1 GSETTINGS_BACKEND=memory "
      "GSETTINGS_SCHEMA_DIR=%s NO_AT_BRIDGE=1" % shlex.quote(args.schema_dir))
    return "\n".join(out) + "\n"


def parse_sizes(text):
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("expected a comma-separated list of numbers")
    if not sizes or any(s < 0 for s in sizes):
        raise argparse.ArgumentTypeError("expected positive numbers")
    return sizes


def warm_up_display(args, env, tmpdir):
    """Runs yado once on an empty host before measuring.

    The first GTK 3 client on a fresh X server probes the GLX visuals, which
    loads Mesa (about 55 MiB of resident memory), and caches the answer on
    the root window (the GDK_VISUALS property). On a desktop some GTK client
    has long done that, so a measured run on a fresh Xvfb would count a cost
    no user's Yado pays.
    """
    empty = os.path.join(tmpdir, "empty-host.xml")
    with open(empty, "w") as f:
        f.write("<node/>\n")
    proc = subprocess.Popen([os.path.abspath(args.yado), "--connect", "test://" + empty],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    stop_process(proc, "warm-up yado")
    log("warmed up the display (GTK's one-time GL visual probe)")


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Time-to-list, idle CPU and peak RSS of yado on large "
                    "libvirt test-driver hosts.  See bench/README.md.")
    p.add_argument("--sizes", type=parse_sizes, default=[1000, 10000],
                   help="comma-separated domain counts (default 1000,10000)")
    p.add_argument("--idle-seconds", type=float, default=60.0,
                   help="length of the idle CPU window (default 60)")
    p.add_argument("--yado", default="build/src/ui/yado",
                   help="yado binary (default build/src/ui/yado, relative to "
                        "the current directory or else to the source tree)")
    p.add_argument("--schema-dir", default=None,
                   help="GSETTINGS_SCHEMA_DIR for yado (default: build/data "
                        "beside the yado build)")
    p.add_argument("--list-timeout", type=float, default=120.0,
                   help="seconds to wait for the listing line (default 120)")
    p.add_argument("--virt-manager", action="store_true",
                   help="also measure %s on the same fixtures, if installed" % VIRT_MANAGER)
    p.add_argument("--no-baseline", action="store_true",
                   help="do not time `virsh -c URI uri` on each fixture")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary directory (fixtures, stderr logs)")
    p.add_argument("--markdown", metavar="PATH",
                   help="also write the report to PATH")
    args = p.parse_args(argv)

    # Resolve the yado binary: as given, else relative to the source tree.
    yado = args.yado
    if not os.path.isabs(yado) and not os.path.exists(yado):
        alt = os.path.join(REPO_ROOT, yado)
        if os.path.exists(alt):
            yado = alt
    yado = os.path.abspath(yado)
    if not os.access(yado, os.X_OK):
        p.error("yado binary %s is missing or not executable (build it first, "
                "or pass --yado)" % yado)
    args.yado = yado
    if args.schema_dir is None:
        # build/src/ui/yado -> build/data
        guess = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(yado))), "data")
        if not os.path.isdir(guess):
            guess = os.path.join(REPO_ROOT, "build", "data")
        args.schema_dir = guess
    args.schema_dir = os.path.abspath(args.schema_dir)
    if not os.path.exists(os.path.join(args.schema_dir, "gschemas.compiled")):
        log("warning: no gschemas.compiled in %s" % args.schema_dir)

    machine = machine_description()
    tmpdir = tempfile.mkdtemp(prefix="yado-bench-")
    rows, vm_rows, baselines = [], [], {}
    vm_note = None
    display_note = "none"
    interrupted = False
    xvfb = None
    try:
        env = dict(os.environ)
        if env.get("DISPLAY"):
            display_note = "existing DISPLAY %s" % env["DISPLAY"]
        else:
            xvfb, env["DISPLAY"] = start_xvfb("1920x1080")
            display_note = "Xvfb started by this script on %s" % env["DISPLAY"]
            log("started Xvfb on %s" % env["DISPLAY"])
        env.pop("WAYLAND_DISPLAY", None)
        env["GDK_BACKEND"] = "x11"
        env.update({"YADO_BENCH": "1", "GSETTINGS_BACKEND": "memory",
                    "GSETTINGS_SCHEMA_DIR": args.schema_dir, "NO_AT_BRIDGE": "1"})
        if xvfb is not None:
            warm_up_display(args, env, tmpdir)

        if args.virt_manager and not os.path.exists(VIRT_MANAGER):
            vm_note = "skipped: %s is not installed (this script does not install it)." % VIRT_MANAGER
            log(vm_note)

        for size in args.sizes:
            fixture = generate_fixture(size, tmpdir)
            uri = "test://" + os.path.abspath(fixture)
            if not args.no_baseline:
                baselines[size] = virsh_baseline(uri, args.list_timeout)
                if baselines[size] is not None:
                    log("virsh opened the %d-domain fixture in %.2f s" % (size, baselines[size]))
            rows.append(run_yado(args, size, uri, env, tmpdir))
            if args.virt_manager and os.path.exists(VIRT_MANAGER):
                vm_rows.append(run_virt_manager(args, size, uri, env, tmpdir))
        if args.virt_manager and os.path.exists(VIRT_MANAGER):
            vm_note = ("%s --no-fork --connect URI, same fixture, display and "
                       "idle window. It has no listing signal, so its idle window starts "
                       "once its CPU use over 3 s drops below 25%% of a core." % VIRT_MANAGER)
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted; reporting what was measured")
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        log("error: %s" % e)
        return 2
    finally:
        if xvfb is not None:
            stop_process(xvfb, "Xvfb")
        if args.keep:
            log("kept %s" % tmpdir)
        else:
            shutil.rmtree(tmpdir, ignore_errors=True)

    text = report(args, rows, vm_rows, vm_note, baselines, machine, display_note)
    sys.stdout.write(text)
    sys.stdout.flush()
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text)
    if interrupted:
        return 130
    complete = rows and all(r["status"] == "listed" and r["cpu_pct"] is not None
                            for r in rows)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
