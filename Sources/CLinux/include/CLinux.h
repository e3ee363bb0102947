#ifndef NEWSDROP_CLINUX_H
#define NEWSDROP_CLINUX_H

/// Flushes every dirty page and inode of the file system that holds `fd` to stable storage.
/// Returns 0 or -1 with errno set. The corresponding C function is `syncfs`.
int newsdrop_syncfs(int fd);

#endif
