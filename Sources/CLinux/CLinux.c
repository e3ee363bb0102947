#define _GNU_SOURCE
#include <malloc.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "CLinux.h"

int newsdrop_syncfs(int fd) { return syncfs(fd); }

int newsdrop_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

int newsdrop_statfs_type(const char *path, long *type) {
    struct statfs info;
    if (statfs(path, &info) != 0) return -1;
    *type = (long)info.f_type;
    return 0;
}

void newsdrop_malloc_trim(void) {
    malloc_trim(0);
}
