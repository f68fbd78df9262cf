#include "file.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

char *read_file(const char *path, size_t *len, char **err) {
    struct stat st;
    return read_file_stat(path, &st, len, err);
}

char *read_file_stat(const char *path, struct stat *stp, size_t *len, char **err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *err = xstrdup(strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *err = xstrdup(strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        *err = xstrdup("is a directory");
        return NULL;
    }
    /* Regular files: read the size fstat gave (no extra read for EOF);
       pipes and the like: read until end of file. */
    bool regular = S_ISREG(st.st_mode);
    size_t cap = regular ? (size_t)st.st_size + READ_PAD + 1 : 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + READ_PAD >= cap) buf = xrealloc(buf, cap *= 2);
        ssize_t r = read(fd, buf + n, cap - n - READ_PAD);
        if (r < 0) {
            if (errno == EINTR) continue;
            *err = xstrdup(strerror(errno));
            close(fd);
            free(buf);
            return NULL;
        }
        n += (size_t)r;
        if (r == 0 || (regular && n == (size_t)st.st_size)) break;
    }
    close(fd);
    memset(buf + n, 0, READ_PAD);
    *len = n;
    *stp = st;
    return buf;
}

bool is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
const char *path_base(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

char *path_join(const char *a, const char *b) {
    size_t n = strlen(a);
    if (n == 0) return xstrdup(b);
    if (a[n - 1] == '/') return xasprintf("%s%s", a, b);
    return xasprintf("%s/%s", a, b);
}

/* Relative path from absolute directory `from` to absolute path `to`. */
static char *rel_path(const char *from, const char *to) {
    size_t i = 0, last = 0;
    while (from[i] && from[i] == to[i]) {
        if (from[i] == '/') last = i;
        i++;
    }
    if (from[i] == 0 && (to[i] == '/' || to[i] == 0)) last = i;
    else if (to[i] == 0 && from[i] == '/') last = i;
    size_t ups = 0;
    for (const char *p = from + last; *p; p++)
        if (*p == '/' && p[1]) ups++;
    if (from[last] == 0 && last > 0) ups = 0;
    const char *rest = to + last;
    while (*rest == '/') rest++;
    size_t n = ups * 3 + strlen(rest) + 2;
    char *r = xmalloc(n);
    r[0] = 0;
    for (size_t k = 0; k < ups; k++) strcat(r, k + 1 < ups || *rest ? "../" : "..");
    strcat(r, rest);
    if (!r[0]) strcpy(r, ".");
    return r;
}

char *short_file_path(const char *cwd, const char *dir, const char *file) {
    char *abs = path_join(dir, file);
    char *rel = rel_path(cwd, dir);
    char *r;
    if (strcmp(rel, ".") == 0) r = xasprintf("./%s", file);
    else r = path_join(rel, file);
    if (strlen(r) >= strlen(abs)) {
        free(r);
        r = abs;
    } else {
        free(abs);
    }
    free(rel);
    return r;
}

char *go_shown_file_name(const char *cwd, const char *dir, const char *abs) {
    if (!cwd || cwd[0] != '/' || !dir || dir[0] != '/' || !abs || abs[0] != '/') return NULL;
    char *d = xstrdup(dir);
    char *r = NULL;
    for (;;) {
        size_t n = strlen(d);
        /* a prefix of the string, as the go command replaces it */
        if (strncmp(abs, d, n) == 0) {
            char *rel = rel_path(cwd, d);
            if (strlen(rel) < n) r = xasprintf("%s%s", rel, abs + n);
            free(rel);
            if (r) break;
        }
        char *slash = strrchr(d, '/');
        if (n == 1 || !slash) break;
        slash[slash == d] = 0;     /* "/a" -> "/", "/a/b" -> "/a" */
    }
    free(d);
    return r;
}
