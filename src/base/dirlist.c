#include "dirlist.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_entry(const void *a, const void *b) {
    return strcmp(((const DirEntry *)a)->name, ((const DirEntry *)b)->name);
}

bool dir_list(const char *dir, DirList *out, char **err) {
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (!d) {
        *err = xstrdup(strerror(errno));
        return false;
    }
    int dfd = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0))) continue;
        bool is_dir = false, is_link = false;
        unsigned char t = e->d_type;
        if (t == DT_UNKNOWN || t == DT_LNK) {
            struct stat st;
            if (t == DT_UNKNOWN && fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                t = DT_LNK;
            is_link = t == DT_LNK;
            /* Symlinks count as what they point to, like os.Stat. */
            if (fstatat(dfd, n, &st, 0) == 0) is_dir = S_ISDIR(st.st_mode);
        } else {
            is_dir = t == DT_DIR;
        }
        if (out->len == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 32;
            out->data = xrealloc(out->data, out->cap * sizeof *out->data);
        }
        out->data[out->len++] = (DirEntry){xstrdup(n), is_dir, is_link};
    }
    closedir(d);
    if (out->len) qsort(out->data, out->len, sizeof *out->data, cmp_entry);
    return true;
}

void dir_list_free(DirList *l) {
    for (size_t i = 0; i < l->len; i++) free(l->data[i].name);
    free(l->data);
    memset(l, 0, sizeof *l);
}
