#ifndef NEWSDROP_CLINUX_H
#define NEWSDROP_CLINUX_H

#include <stddef.h>

/// `renameat2` flag: fail with EEXIST instead of replacing the target.
#define NEWSDROP_RENAME_NOREPLACE 1

/// Flushes every dirty page and inode of the file system that holds `fd` to stable storage.
/// Returns 0 or -1 with errno set. The corresponding C function is `syncfs`.
int newsdrop_syncfs(int fd);

/// Writes the dirty pages of `length` bytes of the file open as `fd`, from `offset`, to the disk
/// and waits until they are written (data only: no metadata, no cache flush of the device).
/// Returns 0 or -1 with errno set. The corresponding C function is `sync_file_range` with
/// `SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER`.
int newsdrop_write_back_range(int fd, long long offset, long long length);

/// Renames `oldpath` to `newpath` (relative to the given folder descriptors) with `flags`.
/// Returns 0 or -1 with errno set. The corresponding C function is `renameat2`.
int newsdrop_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

/// Stores the `f_type` of the file system holding `path` in `type`.
/// Returns 0 or -1 with errno set. The corresponding C function is `statfs`.
int newsdrop_statfs_type(const char *path, long *type);

/// Stores the size of the file open as `fd` in `size`, asking the file system itself rather than
/// the kernel's cache of its attributes (which a FUSE or network client keeps for a while, blind to
/// other clients' writes). Returns 0 or -1 with errno set. The corresponding C function is `statx`
/// with `AT_EMPTY_PATH | AT_STATX_FORCE_SYNC`.
int newsdrop_fresh_size(int fd, long long *size);

/// Returns free memory at the top of malloc's heaps and in its arenas to the system.
/// The corresponding C function is `malloc_trim`.
void newsdrop_malloc_trim(void);

/// Serves every allocation of at least `bytes` with its own mapping, returned to the system when
/// freed, and turns off glibc's raising of that threshold after such a free (which otherwise moves
/// later large buffers into the arenas, where they stay after use).
/// Returns 1 on success. The corresponding C function is `mallopt(M_MMAP_THRESHOLD, …)`.
int newsdrop_malloc_fix_mmap_threshold(size_t bytes);

/// Opens an unnamed regular file in the folder `dir` for writing (`O_TMPFILE`): it has no name
/// until `newsdrop_link_unnamed` gives it one, and vanishes if the process dies first.
/// Returns the descriptor or -1 with errno set (EOPNOTSUPP or EISDIR where unsupported).
int newsdrop_open_unnamed(const char *dir, unsigned int mode);

/// Gives the unnamed file open as `fd` the name `target`, failing with EEXIST when it exists:
/// `linkat` of `/proc/self/fd/<fd>` with `AT_SYMLINK_FOLLOW`, which needs no capability
/// (unlike `AT_EMPTY_PATH`). Returns 0 or -1 with errno set.
int newsdrop_link_unnamed(int fd, const char *target);

/// The first occurrence of `needle` in `haystack`, or NULL. The corresponding C function is `memmem`.
const void *newsdrop_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// Raises the soft limit on open files to the hard limit (capped at 65,536).
/// Returns the new soft limit, or -1 with errno set.
long newsdrop_raise_open_file_limit(void);

/// Starts a detached thread that runs `body(context)` at the lowest CPU priority (nice 19, set for
/// that thread only), for background work that must not slow down the rest of the process.
/// Returns 0, or -1 when no thread could be started (then `body` is not called).
int newsdrop_start_background_thread(void (*body)(void *), void *context);

/// Makes a pipe whose both ends close on exec. Returns 0 or -1 with errno set. The corresponding
/// C function is `pipe2(fds, O_CLOEXEC)`.
int newsdrop_pipe_cloexec(int fds[2]);
#endif
