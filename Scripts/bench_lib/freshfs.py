"""A fresh, journal-less ext4 file system in an image file, loop-mounted for one benchmark.

Used by Scripts/bench (--fresh-fs); not meant to be run on its own. Needs root (mount) and
mkfs.ext4 (Debian's e2fsprogs).
"""

import os
import shutil
import subprocess
import tempfile
import time

MKFS = ["mkfs.ext4", "-F", "-q", "-O", "^has_journal"]


class FreshFSError(Exception):
    """The file system could not be made or mounted: the benchmark cannot start."""


class FreshFS:
    """An image file of `size_gb` GB under `parent`, formatted ext4 without a journal and mounted on
    a new folder beside it. `create()` makes and mounts it; `remove()` unmounts it and deletes the
    image and the mount point, and is safe to call more than once or after a failed `create()`."""

    def __init__(self, size_gb, parent="/var/tmp"):
        self.size_bytes = int(size_gb * 1024 ** 3)
        self.size_gb = size_gb
        self.parent = parent
        self.image = None
        self.mountpoint = None
        self.mounted = False

    def create(self):
        """Makes, formats and mounts the file system; returns the mount point."""
        if os.geteuid() != 0:
            raise FreshFSError("--fresh-fs needs root (it loop-mounts an image)")
        if shutil.which("mkfs.ext4") is None:
            raise FreshFSError("--fresh-fs needs mkfs.ext4 (apt-get install e2fsprogs)")
        free = shutil.disk_usage(self.parent).free
        if free < self.size_bytes:
            raise FreshFSError(f"--fresh-fs {self.size_gb:g}: {self.parent} has only {free / 1024 ** 3:.1f} GB free")
        handle, self.image = tempfile.mkstemp(prefix="newsdrop-bench-fs.", suffix=".img", dir=self.parent)
        try:
            os.ftruncate(handle, self.size_bytes)  # sparse: blocks are taken as the benchmark writes
        finally:
            os.close(handle)
        self.mountpoint = tempfile.mkdtemp(prefix="newsdrop-bench-fs.", dir=self.parent)
        self._run(MKFS + [self.image])
        self._run(["mount", "-t", "ext4", "-o", "loop", self.image, self.mountpoint])
        self.mounted = True
        return self.mountpoint

    def describe(self):
        """One line for the report: size, inodes, how it was made."""
        stats = os.statvfs(self.mountpoint)
        return (f"fresh ext4 image of {self.size_gb:g} GB ({' '.join(MKFS)}), loop-mounted on {self.mountpoint}: "
                f"{stats.f_files:,} inodes")

    def free_inodes(self):
        """Inodes still free on the file system."""
        return os.statvfs(self.mountpoint).f_favail

    def remove(self):
        """Unmounts the file system and deletes its mount point and image."""
        if self.mounted:
            for attempt in range(10):
                result = subprocess.run(["umount", self.mountpoint], capture_output=True, text=True)
                if result.returncode == 0:
                    break
                time.sleep(0.5)  # a process that had files open there may still be exiting
            else:
                raise FreshFSError(f"umount {self.mountpoint} failed: {result.stderr.strip()}; "
                                   f"unmount it and delete {self.image} by hand")
            self.mounted = False
        if self.mountpoint and os.path.isdir(self.mountpoint):
            os.rmdir(self.mountpoint)
        self.mountpoint = None
        if self.image and os.path.exists(self.image):
            os.unlink(self.image)
        self.image = None

    @staticmethod
    def _run(command):
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise FreshFSError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
