"""Linux calls Python's standard library lacks, through ctypes on libc: inotify (a watcher thread
that timestamps every IN_MOVED_TO with time.monotonic_ns(), and the parsing of raw events for
bench_lib/follow.py) and syncfs(2).

Used by Scripts/bench; not meant to be run on its own."""

import ctypes
import ctypes.util
import errno
import os
import select
import struct
import threading
import time

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_libc.inotify_init1.argtypes = [ctypes.c_int]
_libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
_libc.syncfs.argtypes = [ctypes.c_int]

IN_MODIFY = 0x00000002
IN_MOVED_TO = 0x00000080
IN_CREATE = 0x00000100
IN_Q_OVERFLOW = 0x00004000
IN_IGNORED = 0x00008000
IN_ONLYDIR = 0x01000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then name[len]


def _check(result, what):
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


def inotify_events(data):
    """(mask, name) of every event in a read() of an inotify descriptor (name "" for the watched
    folder itself)."""
    events, offset = [], 0
    while offset < len(data):
        _wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
        raw = data[offset + _EVENT.size: offset + _EVENT.size + length]
        offset += _EVENT.size + length
        events.append((mask, raw.rstrip(b"\0").decode("utf-8", "surrogateescape")))
    return events


def syncfs(path):
    """syncfs(2) on the file system holding `path` (a folder): flushes all of its dirty data."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _check(_libc.syncfs(fd), f"syncfs {path}")
    finally:
        os.close(fd)


def syncfs_fd(fd):
    _check(_libc.syncfs(fd), "syncfs")


class MoveWatcher:
    """Watches folders for names renamed into them (IN_MOVED_TO) on a reader thread.

    Every event is kept as (label, name, monotonic_ns at the read that returned it). `wait_count`
    blocks until `count` events passed `accept` (or a timeout); `overflowed` is set if the kernel's
    queue overflowed (events were lost: fall back to counting the folders)."""

    def __init__(self, folders, accept=lambda label, name: True):
        self.accept = accept
        self.events = []  # (label, name, t_ns)
        self.accepted = 0
        self.overflowed = False
        self.error = None
        self._target = None
        self._target_time = None
        self._cond = threading.Condition()
        self._fd = _check(_libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC), "inotify_init1")
        self._labels = {}
        for label, folder in folders.items():
            wd = _check(_libc.inotify_add_watch(self._fd, os.fsencode(folder), IN_MOVED_TO | IN_ONLYDIR),
                        f"inotify_add_watch {folder}")
            self._labels[wd] = label
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="inotify-reader", daemon=True)
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
                new = []
                offset = 0
                while offset < len(data):
                    wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                    raw = data[offset + _EVENT.size: offset + _EVENT.size + length]
                    offset += _EVENT.size + length
                    if mask & IN_Q_OVERFLOW:
                        self.overflowed = True
                        continue
                    if mask & IN_IGNORED or not mask & IN_MOVED_TO:
                        continue
                    label = self._labels.get(wd, "?")
                    name = raw.rstrip(b"\0").decode("utf-8", "surrogateescape")
                    new.append((label, name, now))
                with self._cond:
                    for label, name, t in new:
                        self.events.append((label, name, t))
                        if self.accept(label, name):
                            self.accepted += 1
                            if self._target is not None and self.accepted >= self._target and self._target_time is None:
                                self._target_time = t
                    if new or self.overflowed:
                        self._cond.notify_all()
        except Exception as error:  # surfaced by wait_count
            with self._cond:
                self.error = error
                self._cond.notify_all()

    def expect(self, count):
        """Sets the count whose reaching `wait_count` waits for (call before the inputs arrive)."""
        with self._cond:
            self._target = count
            if self.accepted >= count:
                self._target_time = self.events[-1][2]

    def wait_count(self, timeout, poll_fallback=None):
        """Waits until the expected count is reached: returns its monotonic_ns, or None on timeout.

        After an overflow, `poll_fallback()` (returns True when done) is polled every 20 ms and the
        time it first returns True is used."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._target_time is None and not self.overflowed and self.error is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(min(left, 0.5))
            if self.error is not None:
                raise self.error
            if self._target_time is not None:
                return self._target_time
        while time.monotonic() < deadline:  # overflowed: count the folders instead
            if poll_fallback():
                return time.monotonic_ns()
            time.sleep(0.02)
        return None

    def snapshot(self):
        with self._cond:
            return list(self.events)

    def close(self):
        os.write(self._wake_w, b"x")
        self._thread.join(5)
        for fd in (self._fd, self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError as error:
                if error.errno != errno.EBADF:
                    raise
