"""The job limit: what ingesting a batch costs with no computing at all — the job's own system
calls, one file after another on one thread, as the daemon makes them for an input it stores:

  claim (rename inbox/NAME → work/NAME), read it (open, fstat, read, close), write its record
  unnamed and link it into place (open O_TMPFILE in the record's shard folder, write, linkat from
  /proc/self/fd, close), move the input aside (rename work/NAME → processed/NAME), and one
  syncfs(2) per 256 files (and one at the end).

The record's bytes are the input's own (a record is about the size of its text). The figure is
this loop's files/s on the inputs of a batch, and its system CPU per file (getrusage, this process
only): the kernel's share of the job, which no daemon can avoid. The loop runs in Python, so its
user time is Python's, not the job's; what Python adds per call (about a microsecond) is small
beside the calls themselves.

Used by Scripts/bench (section limits); not meant to be run on its own."""

import os
import resource
import time

from .linux import syncfs_fd


def run(folder, files):
    """Runs the job on `files` ([(path, name)] staged beside `folder`) with `folder` as the root
    of an inbox, work folder, store and processed folder. Returns (files/s, user µs per file,
    system µs per file)."""
    inbox, work, processed, articles = (os.path.join(folder, x) for x in ("inbox", "work", "processed", "articles"))
    for path in (inbox, work, processed, articles):
        os.makedirs(path)
    shards = [f"{i:02x}" for i in range(256)]
    for shard in shards:
        os.makedirs(os.path.join(articles, shard))
    for path, name in files:  # the producer's renames, before the clock starts
        os.rename(path, os.path.join(inbox, name))
    dirs = {name: os.open(path, os.O_RDONLY | os.O_DIRECTORY)
            for name, path in (("inbox", inbox), ("work", work), ("processed", processed))}
    shard_fds = [os.open(os.path.join(articles, shard), os.O_RDONLY | os.O_DIRECTORY) for shard in shards]
    syncfs_fd(dirs["inbox"])
    n = len(files)
    try:
        usage0, started = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        for i, (_, name) in enumerate(files):
            os.rename(name, name, src_dir_fd=dirs["inbox"], dst_dir_fd=dirs["work"])
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dirs["work"])
            size = os.fstat(fd).st_size
            data = os.read(fd, size + 1)
            os.close(fd)
            key = (i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
            shard = key >> 56
            record = os.open(".", os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o644, dir_fd=shard_fds[shard])
            os.write(record, data)
            os.link(f"/proc/self/fd/{record}", f"{key:016x}.json", dst_dir_fd=shard_fds[shard])
            os.close(record)
            os.rename(name, name, src_dir_fd=dirs["work"], dst_dir_fd=dirs["processed"])
            if i % 256 == 255:
                syncfs_fd(dirs["inbox"])
        syncfs_fd(dirs["inbox"])
        elapsed = time.monotonic() - started
        usage1 = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        for fd in [*dirs.values(), *shard_fds]:
            os.close(fd)
    return (n / elapsed, (usage1.ru_utime - usage0.ru_utime) * 1e6 / n,
            (usage1.ru_stime - usage0.ru_stime) * 1e6 / n)
