/* The directory index: the outcome of scanning a directory (the files go
   list picks, the package clause, the imports, each picked file's content
   hash and size) is filed with the stat identity (size, mtime, ctime,
   inode) of the directory and of every file the scan opened. A later run
   that finds them all unchanged takes the outcome without opening a file:
   that is most of the time of a run whose dependencies come from the
   summary cache. A file's content cannot change without moving its mtime
   and ctime, and the directory's mtime moves when a file is added, removed
   or renamed. The kernel stamps times from a coarse clock, so a scan that
   read anything changed in the last two seconds is not filed (a second
   change in the same tick would keep the same times; git's "racily clean"
   entries).

   All records of one working directory and build context make one entry
   of the cache's "dirs" store, read once when the loader starts and
   rewritten at most once, when it ends, if a record changed: creating a
   file costs far more than a few kilobytes of reading. Records a run did
   not visit are kept. Two runs racing lose one's news, never correctness:
   every record is checked against the disk before use. */
#include "loadint.h"
#include "base/bytes.h"
#include "base/cache.h"
#include "base/file.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

#define DIRINDEX_VERSION 3u
#define RACY_NS 2000000000ull

/* One directory's record: in the entry read (data) or encoded this run. */
typedef struct IndexRec {
    const uint8_t *data;
    size_t len;
    ByteBuf own;            /* data when encoded this run */
    bool gone;              /* dropped: the directory changed and was not filed again */
    /* whether the files are unchanged (a record read from the entry): found
       once, by the loader or by the checker thread, whichever comes first */
    _Atomic uint8_t state;  /* REC_* */
    size_t after;           /* with REC_SAME: where the outcome starts in data */
} IndexRec;

enum { REC_NEW, REC_CHECKING, REC_SAME, REC_CHANGED };

struct DirIndex {
    Cache *store;
    CacheKey key;           /* build context + working directory */
    void *blob;             /* the entry read */
    PtrMap recs;            /* interned directory -> IndexRec */
    const char **dirs;      /* map order, for writing */
    size_t ndirs, capdirs;
    bool changed;
    /* the checker thread: stats the records read, last first, while the
       loader walks the imports from the first (the stats are most of a
       run's loading once nothing changed) */
    pthread_t checker;
    bool checking;
    atomic_bool stop;
    IndexRec **read;        /* the records read, with their directories */
    const char **readdirs;
    size_t nread;
};

void load_fileid(const struct stat *st, FileId *id) {
    id->size = (uint64_t)st->st_size;
    id->mtime_ns = (uint64_t)st->st_mtim.tv_sec * 1000000000ull + (uint64_t)st->st_mtim.tv_nsec;
    id->ctime_ns = (uint64_t)st->st_ctim.tv_sec * 1000000000ull + (uint64_t)st->st_ctim.tv_nsec;
    id->ino = (uint64_t)st->st_ino;
}

static bool same_id(const FileId *a, const FileId *b) {
    return a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns && a->ino == b->ino;
}

static void start_checker(DirIndex *x);

static IndexRec *rec_for(Loader *l, const char *dir, bool create) {
    DirIndex *x = l->index;
    IndexRec *r = ptrmap_get(&x->recs, dir);
    if (r || !create) return r;
    r = xcalloc(1, sizeof *r);
    ptrmap_put(&x->recs, dir, r);
    if (x->ndirs == x->capdirs) {
        x->capdirs = x->capdirs ? 2 * x->capdirs : 64;
        x->dirs = xrealloc(x->dirs, x->capdirs * sizeof *x->dirs);
    }
    x->dirs[x->ndirs++] = dir;
    return r;
}

/* The entry: version, count, then per directory its name and record. */
static void read_entry(Loader *l) {
    DirIndex *x = l->index;
    size_t len;
    if (!cache_get(x->store, &x->key, &x->blob, &len)) return;
    ByteReader r;
    br_init(&r, x->blob, len);
    if (br_u32(&r) != DIRINDEX_VERSION) return;
    uint64_t n = br_index(&r, len);
    for (uint64_t i = 0; i < n && !r.bad; i++) {
        size_t dl, rl;
        const uint8_t *d = br_bytes(&r, &dl);
        const uint8_t *rec = br_bytes(&r, &rl);
        if (r.bad) break;
        char *dir = xmalloc(dl + 1);
        memcpy(dir, d, dl);
        dir[dl] = 0;
        IndexRec *ir = rec_for(l, load_lstr(l, dir), true);
        free(dir);
        ir->data = rec;
        ir->len = rl;
    }
}

void dirindex_open(Loader *l) {
    Cache *store = cache_open_part("dirs");
    if (!store) return;
    DirIndex *x = xcalloc(1, sizeof *x);
    x->store = store;
    l->index = x;
    KeyBuilder kb;
    key_begin(&kb);
    key_add_cstr(&kb, "goescape dirindex");
    key_add_u64(&kb, DIRINDEX_VERSION);
    key_add_build_id(&kb);
    key_add_cstr(&kb, l->bc.goos);
    key_add_cstr(&kb, l->bc.goarch);
    key_add_u64(&kb, l->bc.cgo);
    key_add_u64(&kb, l->bc.ntags);
    for (size_t i = 0; i < l->bc.ntags; i++) key_add_cstr(&kb, l->bc.tags[i]);
    key_add_cstr(&kb, l->cwd);
    x->key = key_finish(&kb);
    read_entry(l);
    start_checker(x);
}

/* Writes the entry back when a record changed, then frees the index. */
void dirindex_close(Loader *l) {
    DirIndex *x = l->index;
    if (!x) return;
    if (x->checking) {
        atomic_store(&x->stop, true);
        pthread_join(x->checker, NULL);
    }
    free(x->read);
    free(x->readdirs);
    if (x->changed) {
        ByteBuf b = {0};
        size_t n = 0;
        for (size_t i = 0; i < x->ndirs; i++) {
            IndexRec *r = ptrmap_get(&x->recs, x->dirs[i]);
            if (!r->gone && r->len) n++;
        }
        bb_u32(&b, DIRINDEX_VERSION);
        bb_uvar(&b, n);
        for (size_t i = 0; i < x->ndirs; i++) {
            IndexRec *r = ptrmap_get(&x->recs, x->dirs[i]);
            if (r->gone || !r->len) continue;
            bb_str(&b, x->dirs[i], strlen(x->dirs[i]));
            bb_str(&b, (const char *)r->data, r->len);
        }
        cache_put(x->store, &x->key, b.data, b.len);
        bb_free(&b);
    }
    for (size_t i = 0; i < x->ndirs; i++) {
        IndexRec *r = ptrmap_get(&x->recs, x->dirs[i]);
        bb_free(&r->own);
        free(r);
    }
    ptrmap_free(&x->recs);
    free(x->dirs);
    free(x->blob);
    cache_close(x->store);
    free(x);
    l->index = NULL;
}

static void put_id(ByteBuf *b, const FileId *id) {
    bb_uvar(b, id->size);
    bb_u64(b, id->mtime_ns);
    bb_u64(b, id->ctime_ns);
    bb_uvar(b, id->ino);
}

static void get_id(ByteReader *r, FileId *id) {
    id->size = br_uvar(r);
    id->mtime_ns = br_u64(r);
    id->ctime_ns = br_u64(r);
    id->ino = br_uvar(r);
}

static bool racy(const FileId *id, uint64_t now) {
    return id->mtime_ns + RACY_NS > now || id->ctime_ns + RACY_NS > now;
}

static void put_names(ByteBuf *b, const char **v, size_t n, bool base) {
    bb_uvar(b, n);
    for (size_t i = 0; i < n; i++) bb_cstr(b, base ? path_base(v[i]) : v[i]);
}

/* Strings read back, interned by the loader (joined to dir when given). */
static const char **get_names(Loader *l, ByteReader *r, const char *dir, size_t *n) {
    *n = br_index(r, (uint64_t)(r->end - r->p) + 1);
    const char **v = arena_alloc(&l->arena, (*n ? *n : 1) * sizeof *v);
    for (size_t i = 0; i < *n && !r->bad; i++) {
        size_t len;
        bool isnull;
        const char *s = br_cstr(r, &len, &isnull);
        if (r->bad || isnull) {
            r->bad = true;
            break;
        }
        v[i] = load_ljoin(l, dir, s, len);
    }
    return v;
}

void dirindex_store(Loader *l, const Package *p, const DirRecord *rec) {
    DirIndex *x = l->index;
    if (!x) return;
    IndexRec *old = rec_for(l, p->dir, false);
    if (old) {
        /* out of the checker thread's hands; checked again if looked up */
        uint8_t st = REC_NEW;
        if (!atomic_compare_exchange_strong(&old->state, &st, REC_CHANGED))
            while (atomic_load_explicit(&old->state, memory_order_acquire) == REC_CHECKING) sched_yield();
    }
    bool fileable = rec->complete && p->in->state != PKG_ERROR && !p->ncgo_files && p->go_file_keys;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    if (fileable && racy(&rec->dir, now)) fileable = false;
    for (size_t i = 0; fileable && i < rec->nreads; i++)
        if (racy(&rec->reads[i].id, now)) fileable = false;
    if (!fileable) {
        if (old && !old->gone) {
            old->gone = true;
            x->changed = true;
        }
        return;
    }
    IndexRec *r = old ? old : rec_for(l, p->dir, true);
    ByteBuf *b = &r->own;
    b->len = 0;
    put_id(b, &rec->dir);
    bb_uvar(b, rec->nreads);
    for (size_t i = 0; i < rec->nreads; i++) {
        bb_cstr(b, rec->reads[i].name);
        put_id(b, &rec->reads[i].id);
    }
    bb_u8(b, (uint8_t)p->in->state);
    bb_cstr(b, p->in->error);
    bb_cstr(b, p->name);
    put_names(b, p->go_files, p->ngo_files, true);
    for (size_t i = 0; i < p->ngo_files; i++) {
        bb_put(b, p->go_file_keys[i].b, CACHE_KEY_SIZE);
        bb_uvar(b, p->go_file_lens[i]);
    }
    put_names(b, p->imports, p->nimports, false);
    r->data = b->data;
    r->len = b->len;
    r->gone = false;
    x->changed = true;
    atomic_store_explicit(&r->state, REC_NEW, memory_order_release);
}

/* Whether each file the filed scan read is unchanged; dfd: their
   directory, opened (names are looked up from it, not walked from /). */
static bool reads_unchanged(ByteReader *r, int dfd) {
    size_t n = br_index(r, (uint64_t)(r->end - r->p) + 1);
    char buf[256];
    for (size_t i = 0; i < n; i++) {
        size_t len;
        bool isnull;
        const char *name = br_cstr(r, &len, &isnull);
        FileId want, got;
        get_id(r, &want);
        if (r->bad || isnull) return false;
        char *path = len < sizeof buf ? buf : xmalloc(len + 1);
        memcpy(path, name, len);
        path[len] = 0;
        struct stat st;
        bool same = fstatat(dfd, path, &st, 0) == 0 && S_ISREG(st.st_mode);
        if (path != buf) free(path);
        if (!same) return false;
        load_fileid(&st, &got);
        if (!same_id(&want, &got)) return false;
    }
    return !r->bad;
}

/* Whether the directory and the files the filed scan read are unchanged;
   *after: where the rest of the record starts. */
static bool unchanged(const IndexRec *ir, const char *dir, size_t *after) {
    ByteReader r;
    br_init(&r, ir->data, ir->len);
    FileId want, got;
    struct stat st;
    get_id(&r, &want);
    if (r.bad) return false;
    int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return false;
    bool same = fstat(dfd, &st) == 0 && S_ISDIR(st.st_mode);
    if (same) {
        load_fileid(&st, &got);
        same = same_id(&want, &got) && reads_unchanged(&r, dfd);
    }
    close(dfd);
    *after = (size_t)(r.p - ir->data);
    return same;
}

/* Finds it once: claims the record, or waits while the other thread has. */
static bool check_rec(IndexRec *ir, const char *dir) {
    uint8_t st = REC_NEW;
    if (atomic_compare_exchange_strong(&ir->state, &st, REC_CHECKING)) {
        size_t after = 0;
        bool same = unchanged(ir, dir, &after);
        ir->after = after;
        atomic_store_explicit(&ir->state, same ? REC_SAME : REC_CHANGED, memory_order_release);
        return same;
    }
    while ((st = atomic_load_explicit(&ir->state, memory_order_acquire)) == REC_CHECKING) sched_yield();
    return st == REC_SAME;
}

static void *checker(void *arg) {
    DirIndex *x = arg;
    for (size_t i = x->nread; i-- > 0 && !atomic_load_explicit(&x->stop, memory_order_relaxed);)
        check_rec(x->read[i], x->readdirs[i]);
    return NULL;
}

/* After the entry is read: enough records to be worth a thread. */
static void start_checker(DirIndex *x) {
    if (x->ndirs < 32) return;
    x->read = xmalloc(x->ndirs * sizeof *x->read);
    x->readdirs = xmalloc(x->ndirs * sizeof *x->readdirs);
    for (size_t i = 0; i < x->ndirs; i++) {
        x->read[i] = ptrmap_get(&x->recs, x->dirs[i]);
        x->readdirs[i] = x->dirs[i];
    }
    x->nread = x->ndirs;
    x->checking = pthread_create(&x->checker, NULL, checker, x) == 0;
}

bool dirindex_lookup(Loader *l, Package *p) {
    DirIndex *x = l->index;
    IndexRec *ir = x ? rec_for(l, p->dir, false) : NULL;
    if (!ir || ir->gone || !ir->len) return false;
    if (!check_rec(ir, p->dir)) return false;
    ByteReader r;
    br_init(&r, ir->data, ir->len);
    r.p += ir->after;
    uint8_t state = br_u8(&r);
    size_t n;
    bool isnull;
    const char *err = br_cstr(&r, &n, &isnull);
    const char *errs = isnull || r.bad ? NULL : load_ljoin(l, NULL, err, n);
    const char *name = br_cstr(&r, &n, &isnull);
    const char *names = isnull || r.bad ? NULL : load_ljoin(l, NULL, name, n);
    size_t ngo, nimp;
    const char **go = get_names(l, &r, p->dir, &ngo);
    CacheKey *keys = arena_alloc(&l->arena, (ngo ? ngo : 1) * sizeof *keys);
    size_t *lens = arena_alloc(&l->arena, (ngo ? ngo : 1) * sizeof *lens);
    for (size_t i = 0; i < ngo && !r.bad; i++) {
        if ((size_t)(r.end - r.p) < CACHE_KEY_SIZE) r.bad = true;
        else memcpy(keys[i].b, r.p, CACHE_KEY_SIZE), r.p += CACHE_KEY_SIZE;
        lens[i] = br_uvar(&r);
    }
    const char **imps = get_names(l, &r, NULL, &nimp);
    bool ok = !r.bad && r.p == r.end && state <= PKG_EXCLUDED;
    if (ok) {
        p->in->state = (PkgState)state;
        p->in->error = errs;
        p->name = names;
        p->go_files = go;
        p->ngo_files = ngo;
        p->go_file_keys = keys;
        p->go_file_lens = lens;
        p->imports = imps;
        p->nimports = nimp;
        l->index_reused++;
    }
    return ok;
}
