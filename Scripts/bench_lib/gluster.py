"""A throw-away GlusterFS volume on this machine, mounted several times ("several hosts").

`GlusterVolume.create()` installs glusterfs-server and glusterfs-client with apt-get when they are
missing, starts `glusterd --no-daemon` as a child process with its own working, run and log folders
under a temp folder (its volfile names them; only the management port, 24007, is shared with a
system glusterd, because the brick processes glusterd starts always ask that port), creates a
distributed volume of `bricks` bricks under the temp folder (on a tmpfs by default, so a volume
of thousands of files is made and removed in seconds; `force` because the bricks are not on a
dedicated disk), starts it and mounts it on `mounts` folders with `mount -t glusterfs` — each mount its own
glusterfs client process, as on separate hosts. `remove()` undoes everything (unmount, stop and
delete the volume, stop glusterd and any brick process left, delete the temp folder); it is safe to
call more than once and after a failed `create()`.

Used by Scripts/e2e-gluster and Scripts/bench (--inbox-fs gluster); not meant to be run on its own.
Needs root and /dev/fuse."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

PACKAGES = ("glusterfs-server", "glusterfs-client")
PORT = 24007


class GlusterError(Exception):
    """The volume cannot be made here; the message says why (a test skips with it)."""


def _port_in_use(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def ensure_installed(log=print):
    """Installs the GlusterFS packages with apt-get when glusterd or mount.glusterfs is missing."""
    if shutil.which("glusterd") and os.path.exists("/sbin/mount.glusterfs"):
        return
    log("installing glusterfs-server glusterfs-client with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    result = subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env)
        result = subprocess.run(["apt-get", "install", "-y", "-qq", *PACKAGES], capture_output=True, text=True,
                                env=env)
    if result.returncode != 0 or not shutil.which("glusterd"):
        raise GlusterError(f"cannot install {' '.join(PACKAGES)}: {result.stderr.strip()[-300:]}")


class GlusterVolume:
    """One volume, its glusterd and its mounts. `mounts` is the list of mount points after create()."""

    def __init__(self, parent="/var/tmp", name="ndvol", bricks=2, mounts=2, log=print, port_wait=120,
                 brick_tmpfs=True, options=()):
        self.parent = parent
        self.name = name
        self.brick_count = bricks
        self.mount_count = mounts
        self.log = log
        self.port_wait = port_wait
        self.root = None
        self.glusterd = None
        self.mounts = []
        self.created = False
        self.brick_tmpfs = brick_tmpfs
        self.options = list(options)  # ("performance.write-behind", "off"), … set before the start
        self.bricks_mounted = False
        self.host = socket.gethostname()

    # -- set-up

    def create(self):
        if os.geteuid() != 0:
            raise GlusterError("needs root (glusterd, mount)")
        if not os.path.exists("/dev/fuse"):
            raise GlusterError("no /dev/fuse")
        ensure_installed(self.log)
        deadline = time.monotonic() + self.port_wait
        while _port_in_use(PORT):  # another glusterd (another test, or the system's)
            if time.monotonic() > deadline:
                raise GlusterError(f"port {PORT} is in use (another glusterd runs) for {self.port_wait} s")
            time.sleep(2)
        self.root = tempfile.mkdtemp(prefix="newsdrop-gluster.", dir=self.parent)
        for folder in ("lib", "run", "log", "bricks"):
            os.makedirs(os.path.join(self.root, folder))
        if self.brick_tmpfs:  # set-up and tear-down in seconds instead of minutes of tree walks
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4g,mode=0755", "tmpfs", f"{self.root}/bricks"],
                           check=True, capture_output=True)
            self.bricks_mounted = True
        volfile = os.path.join(self.root, "glusterd.vol")
        with open(volfile, "w") as handle:
            handle.write(f"""volume management
    type mgmt/glusterd
    option working-directory {self.root}/lib
    option run-directory {self.root}/run
    option glusterd-sockfile {self.root}/run/glusterd.socket
    option transport-type socket
    option transport.socket.listen-port {PORT}
    option transport.socket.read-fail-log off
    option ping-timeout 0
    option event-threads 1
end-volume
""")
        with open(os.path.join(self.root, "log", "glusterd.out"), "w") as out:
            self.glusterd = subprocess.Popen(
                ["glusterd", "--no-daemon", "-f", volfile, "-l", os.path.join(self.root, "log", "glusterd.log"),
                 "-p", os.path.join(self.root, "run", "glusterd.pid")], stdout=out, stderr=out)
        deadline = time.monotonic() + 30
        while self.gluster("volume", "list", check=False).returncode != 0:
            if self.glusterd.poll() is not None or time.monotonic() > deadline:
                raise GlusterError(f"glusterd did not start (see {self.root}/log/glusterd.log)")
            time.sleep(0.2)
        bricks = [f"{self.host}:{path}" for path in self.brick_paths()]
        self.gluster("volume", "create", self.name, *bricks, "force")
        self.created = True
        for key, value in self.options:
            self.gluster("volume", "set", self.name, key, value)
        self.gluster("volume", "start", self.name)
        for number in range(self.mount_count):
            mountpoint = os.path.join(self.root, "mnt-" + "ABCDEFGH"[number])
            os.makedirs(mountpoint)
            self.mount(mountpoint)
            self.mounts.append(mountpoint)
        return self

    def gluster(self, *args, check=True):
        """Runs `gluster --mode=script ARGS` against this glusterd."""
        result = subprocess.run(["gluster", "--mode=script", f"--glusterd-sock={self.root}/run/glusterd.socket",
                                 *args], capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise GlusterError(f"gluster {' '.join(args)}: {(result.stdout + result.stderr).strip()}")
        return result

    def mount(self, mountpoint):
        log_file = os.path.join(self.root, "log", f"client-{os.path.basename(mountpoint)}.log")
        result = subprocess.run(["mount", "-t", "glusterfs", "-o", f"log-file={log_file}",
                                 f"{self.host}:/{self.name}", mountpoint], capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or not os.path.ismount(mountpoint):
            raise GlusterError(f"mount -t glusterfs on {mountpoint} failed: {result.stderr.strip()}")

    # -- during a run

    def remount(self, mountpoint):
        """Mounts `mountpoint` again after its client died (lazy unmount of the dead one first)."""
        pid = self.client_pid(mountpoint)
        if pid is None or not os.path.ismount(mountpoint):
            subprocess.run(["umount", "-l", mountpoint], capture_output=True)
            self.mount(mountpoint)
        return mountpoint

    def client_pid(self, mountpoint):
        """The glusterfs client process serving `mountpoint` (its command line ends with it)."""
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    args = handle.read().split(b"\0")
            except OSError:
                continue
            if args and os.path.basename(args[0]) == b"glusterfs" and mountpoint.encode() in args:
                return int(pid)
        return None

    def profile_start(self):
        self.gluster("volume", "profile", self.name, "start")

    def brick_paths(self):
        """The bricks' folders on this machine (what each brick server stores, as plain files)."""
        return [f"{self.root}/bricks/b{number}" for number in range(1, self.brick_count + 1)]

    def fop_counts(self):
        """Calls per file operation, summed over the bricks, since the profile started (cumulative)."""
        output = self.gluster("volume", "profile", self.name, "info", "cumulative").stdout
        counts = {}
        section = None
        for line in output.splitlines():
            if "Cumulative Stats" in line:
                section = "cumulative"
            elif "Interval" in line:
                section = None
            elif section and line.strip() and line.split()[-1].isupper() and line.split()[-2].isdigit():
                fop = line.split()[-1]
                counts[fop] = counts.get(fop, 0) + int(line.split()[-2])
        return counts

    # -- tear-down

    def remove(self):
        with open("/proc/self/mounts") as handle:
            mounted = {line.split()[1] for line in handle}
        for mountpoint in self.mounts:
            # A mount whose client died fails stat (ENOTCONN): ismount says False, /proc says mounted.
            if mountpoint in mounted or self.client_pid(mountpoint):
                if subprocess.run(["umount", mountpoint], capture_output=True).returncode != 0:
                    subprocess.run(["umount", "-l", mountpoint], capture_output=True)
            pid = self.client_pid(mountpoint)
            if pid:
                os.kill(pid, signal.SIGKILL)
        self.mounts = []
        if self.created and self.glusterd and self.glusterd.poll() is None:
            self.gluster("volume", "stop", self.name, "force", check=False)
            self.gluster("volume", "delete", self.name, check=False)
            self.created = False
        if self.glusterd and self.glusterd.poll() is None:
            self.glusterd.terminate()
            try:
                self.glusterd.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.glusterd.kill()
                self.glusterd.wait()
        if self.root:
            for folder, _, files in os.walk(os.path.join(self.root, "run")):  # brick processes left over
                for file in files:
                    if file.endswith(".pid") and file != "glusterd.pid":
                        try:
                            pid = int(open(os.path.join(folder, file)).read().strip())
                            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                                ours = self.root.encode() in handle.read()  # not a reused pid
                            if ours:
                                os.kill(pid, signal.SIGKILL)
                        except (OSError, ValueError):
                            pass
            if self.bricks_mounted:
                subprocess.run(["umount", "-l", f"{self.root}/bricks"], capture_output=True)
                self.bricks_mounted = False
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
