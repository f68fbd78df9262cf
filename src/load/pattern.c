/* Package pattern matching: "..." wildcards, and the rule that a wildcard
   does not reach into vendor directories unless the pattern names vendor
   (cmd/internal/pkgpattern). */
#include "loadint.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

enum { VMARK = '\x01' }; /* stands for a non-final "vendor" element */

/* Copy of s with every "vendor" element that is not the last one marked. */
static char *mark_vendor(const char *s) {
    char *o = xstrdup(s);
    for (char *p = o; *p;) {
        char *e = strchr(p, '/');
        if (!e) break;
        if (e - p == 6 && !memcmp(p, "vendor", 6)) {
            *p = VMARK;
            memmove(p + 1, e, strlen(e) + 1);
            e = p + 1;
        }
        p = e + 1;
    }
    return o;
}

/* p is the pattern (marked), n the name (marked). "..." matches any run of
   characters without a vendor mark; a final "/..." may match nothing. */
static bool glob(const char *p, const char *n) {
    for (;;) {
        if (!strcmp(p, "/...") && *n == 0) return true;
        if (!strncmp(p, "...", 3)) {
            p += 3;
            for (const char *q = n;; q++) {
                if (glob(p, q)) return true;
                if (*q == 0 || *q == VMARK) return false;
            }
        }
        if (*p == 0) return *n == 0;
        if (*p != *n) return false;
        p++, n++;
    }
}

bool load_pattern_match(const char *pattern, const char *name) {
    if (strchr(pattern, VMARK) || strchr(name, VMARK)) return false;
    char *p = mark_vendor(pattern), *n = mark_vendor(name);
    bool r = glob(p, n);
    free(p);
    free(n);
    return r;
}

bool load_pattern_tree_can_match(const char *pattern, const char *name) {
    const char *w = strstr(pattern, "...");
    size_t plen = w ? (size_t)(w - pattern) : strlen(pattern);
    size_t nlen = strlen(name);
    /* name is a directory above the pattern's fixed prefix */
    if (nlen <= plen) {
        if (nlen == plen) {
            if (!memcmp(pattern, name, nlen)) return true;
        } else if (nlen == 0 ? pattern[0] == '/'
                             : !memcmp(pattern, name, nlen) && (pattern[nlen] == '/' || name[nlen - 1] == '/')) {
            return true;
        }
    }
    return w && nlen >= plen && !memcmp(name, pattern, plen);
}
