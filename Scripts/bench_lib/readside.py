"""The read side: `newsdrop ls --last 20`, `stats`, `changes --json` (the whole backlog) and
`stats --sizes` run as a user runs them on a store, timed from just before the process is spawned
to its exit, cold (page cache dropped) and warm, with each run's own peak RSS.

Used by Scripts/bench; not meant to be run on its own."""

import json
import os
import subprocess
import tempfile
import time


def drop_caches():
    """sync, then `echo 3 > /proc/sys/vm/drop_caches` (page cache, dentries, inodes). Returns
    False when that is not allowed (not root, or /proc/sys read-only in a container)."""
    os.sync()  # drop_caches only drops clean pages
    try:
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        return True
    except OSError:
        return False


class Run:
    """One finished command: wall seconds, exit status, stdout lines (when counted) or text, its
    own peak RSS in bytes (ru_maxrss from wait4: see peak_rss for why it is not used), stderr text."""

    def __init__(self, wall, status, lines, text, peak_rss, stderr):
        self.wall, self.status, self.lines, self.text = wall, status, lines, text
        self.peak_rss, self.stderr = peak_rss, stderr


def peak_rss(command):
    """The peak RSS in bytes of one run of `command`, measured by GNU time (`/usr/bin/time -f %M`),
    or None where that is missing. Not wait4's ru_maxrss on our own child: Linux carries the
    forking process's high-water RSS across exec, so that figure would be this Python process's
    size whenever it is the larger (seen: 27.9 MB printed for a 19.5 MB run)."""
    if not os.access("/usr/bin/time", os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r") as out:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *command],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != 0:
            return None
        text = out.read().strip().splitlines()
    return int(text[-1]) * 1024 if text else None


def run(command, count_lines=False):
    """Runs `command`, stdout into a pipe (lines counted in 1 MB reads, or kept as text), stderr
    into a temp file; timed from just before the spawn to wait4's return."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, bufsize=0)
        fd = proc.stdout.fileno()
        lines, chunks = 0, []
        while True:
            data = os.read(fd, 1 << 20)
            if not data:
                break
            if count_lines:
                lines += data.count(b"\n")
            else:
                chunks.append(data)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        proc.stdout.close()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    text = b"".join(chunks).decode("utf-8", "replace")
    return Run(wall, proc.returncode, lines, text, usage.ru_maxrss * 1024, stderr)


def measure(binary, store, reps, cold, record, problem, log, section, sizes_reps):
    """Measures the four commands `reps` times each (`stats --sizes` `sizes_reps` times), cold
    (caches dropped just before) when `cold`, and warm (right after the cold run, or a first
    unrecorded run). Records rows through `record(section, metric, value, decimals)`."""
    store_args = ["--store", store]
    first = run([binary, "stats", "--json", *store_args])
    if first.status != 0:
        problem(f"read side: `stats --json` exited {first.status}: {first.stderr.strip()[-300:]}")
        return
    facts = json.loads(first.text)
    articles, head = facts.get("articles"), facts.get("feed_head")
    if head is None:
        problem(f"read side: the store at {store} has no feed (stats says feed_head null)")
        return
    record(section, "articles stored (stats)", articles)
    record(section, "feed entries (stats feed_head)", head)
    log(f"  read side on {store}: {articles:,} articles, {head:,} feed entries; {reps} repetitions"
        + ("" if cold else " (warm only)"))

    commands = [
        # The floor under every figure: spawning the binary, its start-up and exit, no store read.
        ("newsdrop --version (spawn to exit)", [binary, "--version"], False, reps),
        ("ls --last 20", [binary, "ls", "--last", "20", *store_args], False, reps),
        ("stats", [binary, "stats", *store_args], False, reps),
        ("changes --json (whole backlog)", [binary, "changes", "--json", *store_args], True, reps),
        ("stats --sizes", [binary, "stats", "--sizes", *store_args], False, sizes_reps),
    ]
    for name, command, counted, n in commands:
        for rep in range(n):
            for state in (("cold", "warm") if cold else ("warm",)):
                if state == "cold":
                    drop_caches()
                elif not cold and rep == 0:
                    run(command, count_lines=counted)  # warm the cache; not recorded
                result = run(command, count_lines=counted)
                if result.status != 0:
                    problem(f"read side: `{' '.join(command[1:])}` exited {result.status}: {result.stderr.strip()[-300:]}")
                    return
                if name == "ls --last 20":
                    shown = len([line for line in result.text.splitlines() if line.strip()]) - 1  # a header
                    if shown < min(20, articles or 0):
                        problem(f"read side: `ls --last 20` printed {shown} lines")
                if counted and result.lines != head:
                    problem(f"read side: `changes --json` printed {result.lines:,} lines; the feed holds {head:,}")
                record(section, f"{name}, {state}, ms", result.wall * 1000, 1)
                if counted:
                    record(section, f"{name}, {state}, entries/s", result.lines / result.wall)
                    # A run of its own under GNU time (see peak_rss); ru_maxrss where time is missing.
                    rss = peak_rss(command)
                    label = "peak RSS (GNU time %M), MB" if rss is not None else "peak RSS (ru_maxrss), MB"
                    rss = rss if rss is not None else result.peak_rss
                    record(section, f"{name}, {state}, {label}", rss / 1e6, 1)
                log(f"    {name} {state}: {result.wall * 1000:,.1f} ms"
                    + (f", {result.lines / result.wall:,.0f} entries/s, peak RSS {rss / 1e6:.1f} MB"
                       if counted else ""))
