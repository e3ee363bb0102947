"""The consumer side of the trickle section: `newsdrop changes --follow --json` behind the daemon,
each line it prints timestamped as it arrives, and a watch on the feed's segment files that
timestamps each entry as it is written there.

Used by Scripts/bench; not meant to be run on its own."""

import json
import os
import select
import signal
import subprocess
import threading
import time

from bench_lib.linux import (IN_CLOEXEC, IN_CREATE, IN_MODIFY, IN_MOVED_TO, IN_NONBLOCK, IN_ONLYDIR, _check, _libc,
                             inotify_events)


def supports_changes(binary):
    """Whether `binary` has the `changes` command (an older newsdrop does not)."""
    # An unknown subcommand's --help prints the top-level help and exits 0: look for an option.
    result = subprocess.run([binary, "changes", "--help"], capture_output=True, text=True)
    return result.returncode == 0 and "--follow" in result.stdout


def feed_head(binary, store):
    """The store's newest seq (`stats --json`'s feed_head; 0 without a feed)."""
    result = subprocess.run([binary, "stats", "--json", "--store", store], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"stats --json failed ({result.returncode}): {result.stderr.strip()[-300:]}")
    return json.loads(result.stdout).get("feed_head") or 0


def _has_inotify(pid):
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == "anon_inode:inotify":
                    return True
            except FileNotFoundError:
                continue
    except FileNotFoundError:
        pass
    return False


class FollowConsumer:
    """`BINARY changes --follow --json --since SEQ --store STORE`, its stdout read unbuffered on a
    thread: every line is kept as (monotonic_ns of the read() that returned its end, parsed entry)."""

    def __init__(self, binary, store, since, log_path):
        self.lines = []  # (t_ns, entry dict or None when the line is not JSON)
        self.error = None
        self.log_file = open(log_path, "ab")
        self.proc = subprocess.Popen([binary, "changes", "--follow", "--json", "--since", str(since), "--store", store],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.log_file, bufsize=0)
        self._thread = threading.Thread(target=self._read, name="consumer-reader", daemon=True)
        self._thread.start()

    def wait_following(self, timeout):
        """Waits until the consumer has its inotify watch on feed/ (it sets that up before it reads
        the backlog, so from then on no entry escapes it). Returns True when seen, False when the
        timeout passed first (on a file system it polls, it never has one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"`changes --follow` exited with status {self.proc.returncode}")
            if _has_inotify(self.proc.pid):
                return True
            time.sleep(0.005)
        return False

    def _read(self):
        fd = self.proc.stdout.fileno()
        pending = b""
        try:
            while True:
                data = os.read(fd, 1 << 16)
                now = time.monotonic_ns()
                if not data:
                    return
                pending += data
                *complete, pending = pending.split(b"\n")
                for line in complete:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        entry = None
                    self.lines.append((now, entry))
        except Exception as error:  # surfaced by stop()
            self.error = error

    def stop(self, timeout=30):
        """SIGTERM (it ends after the entry in hand); returns its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # this process only, by its pid
            code = self.proc.wait()
        self._thread.join(5)
        self.proc.stdout.close()
        self.log_file.close()
        if self.error is not None:
            raise self.error
        return code


class FeedTail:
    """Watches STORE/feed/ with inotify (IN_MODIFY, IN_CREATE) on a thread and, at each event for a
    segment (*.jsonl), reads the bytes added since the last look: every complete entry is kept as
    entry["file"] → monotonic_ns of that read. The daemon writes a batch's entries with one write
    and fsyncs before it lets readers see them, so this time is at or before the entry is durable:
    consumer line − this time is an upper bound of consumer line − durable."""

    def __init__(self, feed_folder):
        self.folder = feed_folder
        self.written = {}  # file name → t_ns
        self.error = None
        self._offsets = {}
        self._pending = {}
        self._fd = _check(_libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC), "inotify_init1")
        _check(_libc.inotify_add_watch(self._fd, os.fsencode(feed_folder), IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_ONLYDIR),
               f"inotify_add_watch {feed_folder}")
        # Entries already there are not ours to time: start each existing segment at its end.
        for name in os.listdir(feed_folder):
            if name.endswith(".jsonl"):
                self._offsets[name] = os.path.getsize(os.path.join(feed_folder, name))
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="feed-tail", daemon=True)
        self._thread.start()

    def _run(self):
        poller = select.poll()
        poller.register(self._fd, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        try:
            while True:
                ready = [fd for fd, _ in poller.poll()]
                if self._wake_r in ready:
                    return
                try:
                    data = os.read(self._fd, 1 << 16)
                except BlockingIOError:
                    continue
                now = time.monotonic_ns()
                names = {name for _mask, name in inotify_events(data) if name.endswith(".jsonl")}
                for name in sorted(names):
                    self._read_new(name, now)
        except Exception as error:  # surfaced by close()
            self.error = error

    def _read_new(self, name, now):
        offset = self._offsets.get(name, 0)
        with open(os.path.join(self.folder, name), "rb") as handle:
            handle.seek(offset)
            data = handle.read()
        self._offsets[name] = offset + len(data)
        pending = self._pending.get(name, b"") + data
        *complete, self._pending[name] = pending.split(b"\n")
        for line in complete:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and "file" in entry:
                self.written.setdefault(entry["file"], now)

    def close(self):
        os.write(self._wake_w, b"x")
        self._thread.join(5)
        for fd in (self._fd, self._wake_r, self._wake_w):
            os.close(fd)
        if self.error is not None:
            raise self.error
