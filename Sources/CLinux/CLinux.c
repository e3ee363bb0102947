#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "CLinux.h"

int newsdrop_syncfs(int fd) { return syncfs(fd); }

int newsdrop_write_back_range(int fd, long long offset, long long length) {
    return sync_file_range(
        fd, (off_t)offset, (off_t)length,
        SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
}

int newsdrop_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

int newsdrop_fresh_size(int fd, long long *size) {
    struct statx info;
    if (statx(fd, "", AT_EMPTY_PATH | AT_STATX_FORCE_SYNC, STATX_SIZE, &info) != 0) return -1;
    *size = (long long)info.stx_size;
    return 0;
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

int newsdrop_malloc_fix_mmap_threshold(size_t bytes) {
    return mallopt(M_MMAP_THRESHOLD, (int)bytes);
}

int newsdrop_open_unnamed(const char *dir, unsigned int mode) {
    return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, (mode_t)mode);
}

int newsdrop_link_unnamed(int fd, const char *target) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, path, AT_FDCWD, target, AT_SYMLINK_FOLLOW);
}

long newsdrop_raise_open_file_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    rlim_t wanted = limit.rlim_max < 65536 ? limit.rlim_max : 65536;
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    }
    return (long)limit.rlim_cur;
}

const void *newsdrop_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

struct newsdrop_background_start {
    void (*body)(void *);
    void *context;
};

static void *newsdrop_background_main(void *argument) {
    struct newsdrop_background_start start = *(struct newsdrop_background_start *)argument;
    free(argument);
    // On Linux the nice value is per thread: this lowers only the new thread.
    setpriority(PRIO_PROCESS, (id_t)gettid(), 19);
    start.body(start.context);
    return NULL;
}

int newsdrop_start_background_thread(void (*body)(void *), void *context) {
    struct newsdrop_background_start *start = malloc(sizeof *start);
    if (start == NULL) return -1;
    start->body = body;
    start->context = context;
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int failed = pthread_create(&thread, &attributes, newsdrop_background_main, start);
    pthread_attr_destroy(&attributes);
    if (failed != 0) {
        free(start);
        return -1;
    }
    return 0;
}

int newsdrop_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
