/* The on-disk summary cache (see cache.h for the layout and the rules). */
#include "cache.h"
#include "file.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char MAGIC[8] = "goescCE\n";

#define REFRESH_AGE (60 * 60)           /* s: a hit rewrites mtime at most hourly */
#define TRIM_INTERVAL (10 * 60)         /* s: between scans when under the cap */
#define STALE_TEMP_AGE (30 * 60)        /* s: a temporary this old has no writer */
#define MARKER "trim.txt"

struct Cache {
    char *dir;
    uint64_t max;
    mode_t fmode;                   /* 0666 & ~umask, for entries */
    uint64_t kill_put, kill_bytes;  /* test hook; kill_put 0 = off, kill_bytes UINT64_MAX = half */
    /* Shared between threads, only through __atomic builtins. */
    bool writes_off, noted, trimming;
    uint64_t nputs;                 /* puts started, for the test hook */
    uint64_t pending;               /* bytes written since this Cache's last scan */
    CacheStats st;
};

#define BUMP(c, field, n) __atomic_fetch_add(&(c)->st.field, (n), __ATOMIC_RELAXED)

/* At most one note per Cache, so a broken cache does not flood stderr. */
static void note(Cache *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Cache *c, const char *fmt, ...) {
    if (c && __atomic_exchange_n(&c->noted, true, __ATOMIC_RELAXED)) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("goescape: cache: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void put_le(uint8_t *p, uint64_t v, int n) {
    for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint64_t get_le(const uint8_t *p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}
static bool is_hex(char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); }
static bool hex_prefix(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_hex(s[i])) return false;
    return true;
}
/* "<32 hex>-s": a final entry name. */
static bool is_entry_name(const char *s) {
    return hex_prefix(s, CACHE_KEY_HEX) && strcmp(s + CACHE_KEY_HEX, "-s") == 0;
}
/* "<32 hex>-s.tmp.XXXXXX": a temporary of cache_put. */
static bool is_temp_name(const char *s) {
    return hex_prefix(s, CACHE_KEY_HEX) && strncmp(s + CACHE_KEY_HEX, "-s.tmp.", 7) == 0;
}

/* mkdir -p; true when path ends up a directory. */
static bool mkdir_p(const char *path) {
    /* usually only the last component is missing (a new fan-out directory) */
    if (mkdir(path, 0777) == 0) return true;
    if (errno == EEXIST) return is_dir(path);
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) { *s = '/'; break; }
        *s = '/';
    }
    free(p);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) return false;
    return is_dir(path);
}

/* The process umask without changing it (umask(2) would race with other
   threads creating files): Linux shows it in /proc/self/status. */
static mode_t current_umask(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        unsigned m;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "Umask: %o", &m) == 1) { fclose(f); return (mode_t)m; }
        fclose(f);
    }
    mode_t m = umask(022);
    umask(m);
    return m;
}

bool cache_parse_size(const char *s, uint64_t *out) {
    if (!s || *s < '0' || *s > '9') return false;
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (UINT64_MAX - 9) / 10) return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    int shift = 0;
    switch (*s) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    case 't': case 'T': shift = 40; break;
    }
    if (shift) {
        s++;
        if (*s == 'i' && s[1] == 'B') s += 2;
        else if (*s == 'B') s++;
    } else if (*s == 'B') s++;
    if (*s || v == 0 || v > (UINT64_MAX >> shift)) return false;
    *out = v << shift;
    return true;
}

static void parse_kill_hook(Cache *c) {
    const char *e = getenv("GOESCAPE_CACHE_TEST_KILL");
    if (!e || !*e) return;
    char *end;
    unsigned long long k = strtoull(e, &end, 10), n = UINT64_MAX;
    if (*end == ':') n = strtoull(end + 1, &end, 10);
    if (*end || k == 0) { note(c, "ignoring bad GOESCAPE_CACHE_TEST_KILL=%s", e); return; }
    c->kill_put = k;
    c->kill_bytes = n;
}

static Cache *open_in(const char *dir, const char *sub) {
    char *d;
    bool quiet = sub != NULL;   /* a part: its main store speaks for both */
    if (!dir) {
        const char *e = getenv("GOESCAPE_CACHE");
        const char *x = getenv("XDG_CACHE_HOME");
        const char *h = getenv("HOME");
        if (e && *e) d = xstrdup(e);
        else if (x && x[0] == '/') d = path_join(x, "goescape");
        else if (h && *h) d = xasprintf("%s/.cache/goescape", h);
        else {
            if (!quiet) note(NULL, "off: none of $GOESCAPE_CACHE, $XDG_CACHE_HOME, $HOME is set");
            return NULL;
        }
    } else {
        d = xstrdup(dir);
    }
    if (strcmp(d, "off") == 0 || !*d) { free(d); return NULL; }
    for (size_t n = strlen(d); n > 1 && d[n - 1] == '/'; n--) d[n - 1] = 0;
    if (sub) {
        char *j = path_join(d, sub);
        free(d);
        d = j;
    }
    if (!mkdir_p(d)) {
        if (!quiet) note(NULL, "off: cannot create %s: %s", d, strerror(errno));
        free(d);
        return NULL;
    }
    Cache *c = xcalloc(1, sizeof *c);
    c->dir = d;
    c->noted = quiet;
    c->fmode = 0666 & ~current_umask();
    c->max = CACHE_DEFAULT_MAX;
    const char *m = getenv("GOESCAPE_CACHE_MAX");
    if (m && *m && !cache_parse_size(m, &c->max)) note(c, "ignoring bad GOESCAPE_CACHE_MAX=%s", m);
    if (!sub) parse_kill_hook(c);
    // Tells backup tools to skip the directory (bford.info/cachedir); best effort.
    char *tag = path_join(d, "CACHEDIR.TAG");
    int fd = open(tag, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
        static const char text[] = "Signature: 8a477f597d28d172789f06886806bc55\n"
                                   "# This file is a cache directory tag created by goescape.\n";
        if (write(fd, text, sizeof text - 1) < 0) { /* best effort */ }
        close(fd);
    }
    free(tag);
    return c;
}

Cache *cache_open(const char *dir) { return open_in(dir, NULL); }

Cache *cache_open_part(const char *name) { return open_in(NULL, name); }

void cache_finish(Cache *c) {
    if (c && __atomic_load_n(&c->st.writes, __ATOMIC_RELAXED)) cache_trim(c);
}

void cache_close(Cache *c) {
    if (!c) return;
    cache_finish(c);
    free(c->dir);
    free(c);
}

const char *cache_dir(const Cache *c) { return c ? c->dir : NULL; }
uint64_t cache_max_size(const Cache *c) { return c ? c->max : 0; }

_Static_assert(sizeof(CacheStats) % sizeof(uint64_t) == 0, "CacheStats is all uint64_t");
void cache_stats(const Cache *c, CacheStats *out) {
    memset(out, 0, sizeof *out);
    if (!c) return;
    const uint64_t *src = (const uint64_t *)&c->st;
    uint64_t *dst = (uint64_t *)out;
    for (size_t i = 0; i < sizeof *out / sizeof(uint64_t); i++) dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}

char *cache_entry_path(const Cache *c, const CacheKey *key) {
    if (!c) return NULL;
    char hex[CACHE_KEY_HEX + 1];
    key_hex(key, hex);
    return xasprintf("%s/%.2s/%s-s", c->dir, hex, hex);
}

static bool pread_full(int fd, void *buf, size_t n, off_t off) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = pread(fd, p, n, off);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r, n -= (size_t)r, off += r;
    }
    return true;
}
static bool write_full(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t r = write(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return false;
        p += r, n -= (size_t)r;
    }
    return true;
}

/* cache_get and cache_map: with map, the payload is mapped from the file
   when the 8 bytes after it fall in the mapping's last page (zeros past
   the end of the file); else it is read into a malloc'd buffer. */
static bool get_entry(Cache *c, const CacheKey *key, bool map, CacheBlob *out) {
    memset(out, 0, sizeof *out);
    if (!c) return false;
    char *path = cache_entry_path(c, key);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        free(path);
        BUMP(c, misses, 1);
        return false;
    }
    uint8_t hb[CACHE_HEADER_SIZE];
    const uint8_t *h = hb;
    uint8_t *buf = NULL, *m = NULL;
    uint64_t n = 0;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), tail = (size_t)st.st_size % page;
    bool ok = S_ISREG(st.st_mode) && st.st_size >= CACHE_HEADER_SIZE;
    if (ok && map && tail != 0 && page - tail >= READ_PAD) {
        /* read in full by the checksum anyway: populate it in one go */
        void *mp = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (mp != MAP_FAILED) h = m = mp;
    }
    ok = ok && (m || pread_full(fd, hb, sizeof hb, 0)) && memcmp(h, MAGIC, 8) == 0 &&
         get_le(h + 8, 4) == CACHE_FORMAT_VERSION && get_le(h + 12, 4) == 0 &&
         memcmp(h + 16, key->b, CACHE_KEY_SIZE) == 0;
    if (ok) {
        n = get_le(h + 32, 8);
        ok = n == (uint64_t)st.st_size - CACHE_HEADER_SIZE && n <= SIZE_MAX - READ_PAD;
    }
    if (ok && !m) {
        buf = malloc((size_t)n + READ_PAD);
        if (!buf) {     // not the entry's fault: a miss, kept
            close(fd);
            free(path);
            BUMP(c, misses, 1);
            return false;
        }
        ok = pread_full(fd, buf, (size_t)n, CACHE_HEADER_SIZE);
    }
    const uint8_t *payload = m ? m + CACHE_HEADER_SIZE : buf;
    ok = ok && hash64(payload, (size_t)n) == get_le(h + 40, 8);
    if (!ok) {
        // Delete it so it is rebuilt, unless another process has just renamed a new entry in.
        struct stat now;
        if (lstat(path, &now) == 0 && now.st_ino == st.st_ino && now.st_dev == st.st_dev) unlink(path);
        close(fd);
        free(path);
        free(buf);
        if (m) munmap(m, (size_t)st.st_size);
        BUMP(c, corrupt, 1);
        BUMP(c, misses, 1);
        return false;
    }
    // Refresh the LRU time, but not on every hit: it costs a metadata write.
    if (time(NULL) - st.st_mtime > REFRESH_AGE) futimens(fd, NULL);
    close(fd);
    free(path);
    if (buf) memset(buf + n, 0, READ_PAD);
    out->data = payload;
    out->len = (size_t)n;
    out->map = m;
    out->maplen = m ? (size_t)st.st_size : 0;
    out->owned = buf;
    BUMP(c, hits, 1);
    BUMP(c, bytes_read, n);
    return true;
}

bool cache_get(Cache *c, const CacheKey *key, void **data, size_t *len) {
    CacheBlob b;
    bool ok = get_entry(c, key, false, &b);
    *data = b.owned;
    *len = b.len;
    return ok;
}

bool cache_map(Cache *c, const CacheKey *key, CacheBlob *out) {
    return get_entry(c, key, true, out);
}

void cache_blob_free(CacheBlob *b) {
    if (b->map) munmap(b->map, b->maplen);
    free(b->owned);
    memset(b, 0, sizeof *b);
}

/* The test hook: write the first `limit` bytes of the entry, then die. */
_Noreturn static void die_mid_write(int fd, const uint8_t *hdr, const void *data, size_t len, uint64_t limit) {
    size_t hn = limit < CACHE_HEADER_SIZE ? (size_t)limit : CACHE_HEADER_SIZE;
    write_full(fd, hdr, hn);
    if (limit > CACHE_HEADER_SIZE) {
        uint64_t pn = limit - CACHE_HEADER_SIZE;
        write_full(fd, data, pn < len ? (size_t)pn : len);
    }
    kill(getpid(), SIGKILL);
    for (;;) pause();
}

bool cache_put(Cache *c, const CacheKey *key, const void *data, size_t len) {
    if (!c || __atomic_load_n(&c->writes_off, __ATOMIC_RELAXED)) return false;
    uint64_t nth = __atomic_add_fetch(&c->nputs, 1, __ATOMIC_RELAXED);
    uint8_t h[CACHE_HEADER_SIZE] = {0};
    memcpy(h, MAGIC, 8);
    put_le(h + 8, CACHE_FORMAT_VERSION, 4);
    memcpy(h + 16, key->b, CACHE_KEY_SIZE);
    put_le(h + 32, len, 8);
    put_le(h + 40, hash64(data, len), 8);

    char *path = cache_entry_path(c, key);
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        // First entry in this fan-out directory (or the cache was removed under us).
        char *sub = xstrndup(path, strrchr(path, '/') - path);
        mkdir_p(sub);
        free(sub);
        strcpy(tmp + strlen(tmp) - 6, "XXXXXX");
        fd = mkostemp(tmp, O_CLOEXEC);
    }
    const char *what = "create a temporary file";
    int err = errno;
    bool ok = fd >= 0;
    if (ok) {
        fchmod(fd, c->fmode);   // mkstemp makes it 0600; entries are 0666 & umask like the go command's
        uint64_t total = CACHE_HEADER_SIZE + (uint64_t)len;
        if (c->kill_put && nth == c->kill_put)
            die_mid_write(fd, h, data, len, c->kill_bytes == UINT64_MAX ? total / 2 : c->kill_bytes);
        ok = write_full(fd, h, sizeof h) && write_full(fd, data, len);
        what = "write";
        err = errno;
        if (close(fd) != 0 && ok) {     // NFS reports write errors at close
            ok = false;
            err = errno;
        }
        if (ok) {
            ok = rename(tmp, path) == 0;
            what = "rename";
            err = errno;
        }
        if (!ok) unlink(tmp);
    }
    if (!ok) {
        // A full or read-only disk would fail again: stop writing, keep reading.
        __atomic_store_n(&c->writes_off, true, __ATOMIC_RELAXED);
        note(c, "cannot %s in %s: %s; not writing to the cache", what, c->dir, strerror(err));
        BUMP(c, write_errors, 1);
    } else {
        BUMP(c, writes, 1);
        BUMP(c, bytes_written, CACHE_HEADER_SIZE + len);
        __atomic_fetch_add(&c->pending, CACHE_HEADER_SIZE + len, __ATOMIC_RELAXED);
    }
    free(tmp);
    free(path);
    return ok;
}

typedef struct TrimEntry {
    char name[CACHE_KEY_HEX + 3];
    struct timespec mtime;
    uint64_t size;
} TrimEntry;

static int by_mtime(const void *a, const void *b) {
    const TrimEntry *x = a, *y = b;
    if (x->mtime.tv_sec != y->mtime.tv_sec) return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
    if (x->mtime.tv_nsec != y->mtime.tv_nsec) return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
    return strcmp(x->name, y->name);
}

static bool read_marker(const Cache *c, long long *when, unsigned long long *size) {
    char *path = path_join(c->dir, MARKER);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f) return false;
    bool ok = fscanf(f, "%lld %llu", when, size) == 2;
    fclose(f);
    return ok;
}

static void write_marker(const Cache *c, time_t when, uint64_t size) {
    char *path = path_join(c->dir, MARKER);
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd >= 0) {
        fchmod(fd, c->fmode);
        char text[64];
        int n = snprintf(text, sizeof text, "%lld %llu\n", (long long)when, (unsigned long long)size);
        bool ok = write_full(fd, text, (size_t)n);
        if (close(fd) != 0 || !ok || rename(tmp, path) != 0) unlink(tmp);
    }
    free(tmp);
    free(path);
}

void cache_trim(Cache *c) {
    if (!c || __atomic_load_n(&c->writes_off, __ATOMIC_RELAXED)) return;
    long long when;
    unsigned long long size;
    time_t now = time(NULL);
    if (read_marker(c, &when, &size) && when <= now && now - when < TRIM_INTERVAL &&
        size + __atomic_load_n(&c->pending, __ATOMIC_RELAXED) <= c->max)
        return;
    cache_trim_now(c);
}

void cache_trim_now(Cache *c) {
    if (!c) return;
    if (__atomic_exchange_n(&c->trimming, true, __ATOMIC_ACQUIRE)) return;  // another thread is at it
    __atomic_store_n(&c->pending, 0, __ATOMIC_RELAXED);
    time_t now = time(NULL);
    TrimEntry *ents = NULL;
    size_t nents = 0, cap = 0;
    uint64_t total = 0;
    DIR *top = opendir(c->dir);
    if (!top) goto out;
    struct dirent *de;
    while ((de = readdir(top))) {
        const char *sub = de->d_name;
        struct stat st;
        if (strncmp(sub, MARKER ".tmp.", strlen(MARKER) + 5) == 0) {
            if (fstatat(dirfd(top), sub, &st, AT_SYMLINK_NOFOLLOW) == 0 && now - st.st_mtime > STALE_TEMP_AGE)
                unlinkat(dirfd(top), sub, 0);
            continue;
        }
        if (strlen(sub) != 2 || !hex_prefix(sub, 2)) continue;
        int sfd = openat(dirfd(top), sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        DIR *d = sfd >= 0 ? fdopendir(sfd) : NULL;
        if (!d) {
            if (sfd >= 0) close(sfd);
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            bool entry = is_entry_name(e->d_name);
            if (!entry && !is_temp_name(e->d_name)) continue;  // not ours: leave it
            if (fstatat(sfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
            if (!entry) {
                // Only temporaries no writer can still be using.
                if (now - st.st_mtime > STALE_TEMP_AGE) unlinkat(sfd, e->d_name, 0);
                continue;
            }
            if (nents == cap) ents = xrealloc(ents, (cap = cap ? 2 * cap : 256) * sizeof *ents);
            TrimEntry *t = &ents[nents++];
            memcpy(t->name, e->d_name, sizeof t->name);
            t->mtime = st.st_mtim;
            t->size = (uint64_t)st.st_size;
            total += t->size;
        }
        closedir(d);
    }
    closedir(top);
    BUMP(c, trims, 1);
    if (total > c->max) {
        uint64_t target = c->max / 10 * 8;
        qsort(ents, nents, sizeof *ents, by_mtime);
        for (size_t i = 0; i < nents && total > target; i++) {
            char *path = xasprintf("%s/%.2s/%s", c->dir, ents[i].name, ents[i].name);
            struct stat st;
            // Skip an entry used or rewritten since the scan.
            if (lstat(path, &st) == 0 && st.st_mtim.tv_sec == ents[i].mtime.tv_sec &&
                st.st_mtim.tv_nsec == ents[i].mtime.tv_nsec && unlink(path) == 0) {
                total -= ents[i].size;
                BUMP(c, trimmed, 1);
            }
            free(path);
        }
    }
    write_marker(c, now, total);
out:
    free(ents);
    __atomic_store_n(&c->trimming, false, __ATOMIC_RELEASE);
}
