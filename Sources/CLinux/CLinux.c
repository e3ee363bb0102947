#define _GNU_SOURCE
#include <unistd.h>
#include "CLinux.h"

int newsdrop_syncfs(int fd) { return syncfs(fd); }
