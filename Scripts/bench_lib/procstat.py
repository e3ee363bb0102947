"""Readings of a running process from /proc: CPU time (utime+stime of all threads, and per-thread
schedstat run time in ns), context switches summed over its threads, resident memory.

Used by Scripts/bench; not meant to be run on its own."""

import os

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads, live and exited), in seconds."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    # After "pid (comm)": state is field 3, utime field 14, stime field 15 (1-based, man 5 proc).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_split_seconds(pid):
    """(utime, stime) of the whole process (all threads, live and exited), in seconds."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS


def settled_cpu(pid, quiet=0.3, limit=5.0):
    """(utime, stime) once the process has used no CPU for `quiet` seconds (at most `limit` s of
    waiting): the work a batch set off, including what runs after its last outcome (the last
    syncfs, an index merge), without the idle time after it."""
    import time
    deadline = time.monotonic() + limit
    last = cpu_split_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_split_seconds(pid)
        if now == last:
            break
        last = now
    return last


def status_fields(path):
    fields = {}
    with open(path) as handle:
        for line in handle:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def rss_bytes(pid):
    """VmRSS of the process in bytes."""
    value = status_fields(f"/proc/{pid}/status").get("VmRSS", "0 kB")
    return int(value.split()[0]) * 1024


def peak_rss_bytes(pid):
    """VmHWM of the process in bytes: the most resident memory it has had."""
    value = status_fields(f"/proc/{pid}/status").get("VmHWM", "0 kB")
    return int(value.split()[0]) * 1024


def _per_thread(pid, read):
    result = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return result
    for tid in tids:
        try:
            result[int(tid)] = read(f"/proc/{pid}/task/{tid}")
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended between listdir and open
    return result


def thread_switches(pid):
    """{tid: voluntary + nonvoluntary context switches} for every thread alive now."""
    def read(task):
        fields = status_fields(f"{task}/status")
        return int(fields.get("voluntary_ctxt_switches", 0)) + int(fields.get("nonvoluntary_ctxt_switches", 0))
    return _per_thread(pid, read)


def thread_runtime_ns(pid):
    """{tid: nanoseconds on a CPU} (first field of /proc/PID/task/TID/schedstat) for every thread
    alive now — nanosecond resolution, where /proc/PID/stat counts clock ticks (10 ms)."""
    def read(task):
        with open(f"{task}/schedstat") as handle:
            return int(handle.read().split()[0])
    return _per_thread(pid, read)


class ThreadCounter:
    """A per-thread counter (`thread_switches` or `thread_runtime_ns`) summed over all threads over
    a window. Threads are sampled at start, end and whenever `sample()` is called: a thread born in
    the window counts from 0, a thread that ended counts up to its last sample."""

    def __init__(self, pid, read):
        self.pid, self.read = pid, read
        self.start = read(pid)
        self.last = dict(self.start)
        self.tids_seen = set(self.start)

    def sample(self):
        now = self.read(self.pid)
        self.last.update(now)
        self.tids_seen.update(now)

    def total(self):
        self.sample()
        return sum(value - self.start.get(tid, 0) for tid, value in self.last.items())
