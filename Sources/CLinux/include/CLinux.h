#ifndef NEWSDROP_CLINUX_H
#define NEWSDROP_CLINUX_H

/// `renameat2` flag: fail with EEXIST instead of replacing the target.
#define NEWSDROP_RENAME_NOREPLACE 1

/// Flushes every dirty page and inode of the file system that holds `fd` to stable storage.
/// Returns 0 or -1 with errno set. The corresponding C function is `syncfs`.
int newsdrop_syncfs(int fd);

/// Renames `oldpath` to `newpath` (relative to the given folder descriptors) with `flags`.
/// Returns 0 or -1 with errno set. The corresponding C function is `renameat2`.
int newsdrop_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

/// Stores the `f_type` of the file system holding `path` in `type`.
/// Returns 0 or -1 with errno set. The corresponding C function is `statfs`.
int newsdrop_statfs_type(const char *path, long *type);

/// Returns free memory at the top of malloc's heaps and in its arenas to the system.
/// The corresponding C function is `malloc_trim`.
void newsdrop_malloc_trim(void);

#endif
