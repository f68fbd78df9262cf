/* Package checking: collects the package-level objects of all files (as
   go/types' resolver does), binds imports, then declares every object on
   demand in source order, with grey/black colouring to find cycles. */
#include "check.h"
#include <ctype.h>
#include "base/util.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void check_error(Checker *c, Pos pos, const char *fmt, ...) {
    if (c->quiet || !check_file(c)) return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_add(c->diags, check_file(c), pos, "%s", msg);
    free(msg);
    c->stats->errors++;
}

const SourceFile *check_file(Checker *c) {
    return c->decl && c->decl->file ? c->decl->file->src : NULL;
}

Object *check_lookup(Checker *c, const char *name) {
    return scope_lookup_parent(c->scope, name, NULL);
}

static bool ascii_equal_fold(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (*a != *b && ((*a | 0x20) != (*b | 0x20) || !isalpha((unsigned char)*a))) return false;
    return *a == *b;
}

Object *check_imported(Checker *c, const Object *pkgname, const Node *px, const Node *sel) {
    const Pkg *pkg = pkgname->u.imported;
    const char *name = sel->u.ident.name;
    Object *o = scope_lookup(pkg->scope, name);
    if (o && obj_exported(o)) return o;
    if (pkg->fake) return NULL;
    if (o || pkg_hides(pkg, name)) {
        check_error(c, sel->pos, "name %s not exported by package %s", name, pkg->name);
        return NULL;
    }
    /* an exported name that differs only in case: the first in name order */
    const char *have = NULL;
    for (uint32_t i = 0; i < pkg->scope->n; i++) {
        const Object *x = pkg->scope->objs[i];
        if (obj_exported(x) && ascii_equal_fold(x->name, name) && (!have || strcmp(x->name, have) < 0)) have = x->name;
    }
    if (have) check_error(c, sel->pos, "undefined: %s.%s (but have %s)", px->u.ident.name, name, have);
    else check_error(c, sel->pos, "undefined: %s.%s", px->u.ident.name, name);
    return NULL;
}

static DeclInfo *new_decl(Checker *c, const AstFile *f, Scope *fscope, Node *spec) {
    DeclInfo *d = arena_alloc(&c->arena, sizeof *d);
    d->file = f;
    d->fscope = fscope;
    d->spec = spec;
    return d;
}

/* Declares o in the package scope, reporting a redeclaration. */
static void declare_pkg(Checker *c, Object *o, DeclInfo *d) {
    o->decl = d;
    d->obj = o;
    if (o->kind != OBJ_FUNC && (strcmp(o->name, "init") == 0 ||
                                (strcmp(o->name, "main") == 0 && c->pkg->name && strcmp(c->pkg->name, "main") == 0))) {
        const DeclInfo *save = c->decl;
        c->decl = d;
        check_error(c, o->pos, "cannot declare %s - must be func", o->name);
        c->decl = save;
    }
    if (o->name[0] == '_' && o->name[1] == 0) {
        vec_push(&c->objs, o);  /* checked, never found */
        return;
    }
    Object *old = scope_insert(c->pkg->scope, o);
    const DeclInfo *save = c->decl;
    c->decl = d;
    if (old) {
        check_error(c, o->pos, "%s redeclared in this block", o->name);
        if (old->file) diag_add(c->diags, old->file, old->pos, "\tother declaration of %s", o->name);
    }
    c->decl = save;
    o->order = ++c->pkg->nobjs;
    vec_push(&c->objs, o);
}

static void collect_import(Checker *c, const AstFile *f, Scope *fscope, Node *spec) {
    Node *lit = spec->u.importspec.path;
    const Const *pv = const_from_literal(c->pkg->consts, T_STRING, lit->u.lit.value, lit->u.lit.len);
    size_t n;
    const char *path = const_string_val(pv, &n);
    const DeclInfo fake = {.file = f};
    const DeclInfo *save = c->decl;
    c->decl = &fake;
    Pkg *imp = NULL;
    if (strcmp(path, "unsafe") == 0) imp = c->ctx->unsafe_pkg;
    else if (c->imp && c->imp->fn) imp = c->imp->fn(c->imp->data, path);
    if (!imp) {
        check_error(c, lit->pos, "could not import %s (package not found)", path);
        c->decl = save;
        return;
    }
    c->pkg->imports = arena_realloc(&c->pkg->arena, c->pkg->imports, c->pkg->nimports * sizeof(Pkg *),
                                    (c->pkg->nimports + 1) * sizeof(Pkg *));
    c->pkg->imports[c->pkg->nimports++] = imp;
    Node *nm = spec->u.importspec.name;
    const char *name = nm ? nm->u.ident.name : imp->name;
    if (nm && (strcmp(name, "_") == 0 || strcmp(name, ".") == 0)) {
        Object *pn = obj_new(c->pkg, OBJ_PKGNAME, f->src, nm->pos, nm->u.ident.name, c->invalid);
        pn->u.imported = imp;
        check_record_def(c, nm, pn);
    }
    if (strcmp(name, "_") == 0) {
        c->decl = save;
        return;
    }
    if (strcmp(name, ".") == 0) {
        /* Dot import: the package's exported objects join the file scope. */
        Scope *ps = imp->scope;
        for (uint32_t i = 0; i < ps->n; i++) {
            Object *o = ps->objs[i];
            if (!obj_exported(o)) continue;
            Object *old = scope_lookup(fscope, o->name);
            if (old) check_error(c, lit->pos, "%s redeclared in this block", o->name);
            else scope_insert(fscope, o);   /* o keeps its own parent scope */
        }
        c->decl = save;
        return;
    }
    Object *pn = obj_new(c->pkg, OBJ_PKGNAME, f->src, nm ? nm->pos : spec->pos,
                         intern_cstr(c->ctx->names, name), c->invalid);
    pn->u.imported = imp;
    if (nm) check_record_def(c, nm, pn);
    Object *old = scope_insert(fscope, pn);
    if (old) {
        check_error(c, pn->pos, "%s redeclared in this block", name);
        if (old->file) diag_add(c->diags, old->file, old->pos, "\tother declaration of %s", name);
    }
    c->decl = save;
}

static void collect_values(Checker *c, const AstFile *f, Scope *fscope, Node *gd) {
    bool is_const = gd->tok == T_CONST;
    Node *last = NULL;  /* const: the last spec with values, whose init is inherited */
    for (uint32_t k = 0; k < gd->u.gendecl.specs.n; k++) {
        Node *spec = gd->u.gendecl.specs.v[k];
        NodeList names = spec->u.valuespec.names;
        NodeList values = spec->u.valuespec.values;
        Node *type = spec->u.valuespec.type;
        if (is_const && (type || values.n)) last = spec;
        NodeList inits = is_const && last ? last->u.valuespec.values : values;
        Node *itype = is_const && last ? last->u.valuespec.type : type;
        check_spec_counts(c, spec, is_const, inits);
        DeclInfo *multi = NULL;
        Object **lhs = NULL;
        if (!is_const && values.n == 1 && names.n > 1) {
            lhs = arena_alloc(&c->arena, names.n * sizeof *lhs);
            multi = new_decl(c, f, fscope, spec);
        }
        for (uint32_t i = 0; i < names.n; i++) {
            Node *id = names.v[i];
            DeclInfo *d = new_decl(c, f, fscope, spec);
            d->type = itype;
            d->iota = k;
            if (multi) {
                d->multi = values.v[0];
                d->lhs = lhs;
                d->nlhs = names.n;
            } else if (i < inits.n) {
                d->init = inits.v[i];
            }
            Object *o = is_const ? obj_new_const(c->pkg, f->src, id->pos, id->u.ident.name, NULL, NULL)
                                 : obj_new_var(c->pkg, VAR_PACKAGE, f->src, id->pos, id->u.ident.name, NULL);
            if (lhs) lhs[i] = o;
            check_record_def(c, id, o);
            declare_pkg(c, o, d);
        }
        const DeclInfo fake = {.file = f};
        const DeclInfo *save = c->decl;
        c->decl = &fake;
        if (is_const && !last) check_error(c, spec->pos, "missing init expr for const declaration");
        else if (inits.n > names.n && !(!is_const && values.n == 1))
            check_error(c, inits.v[names.n]->pos, "extra init expr");
        else if (inits.n && inits.n < names.n && !(!is_const && inits.n == 1))
            check_error(c, names.v[inits.n]->pos, "missing init expr for %s",
                        is_const ? "const declaration" : "variable declaration");
        c->decl = save;
    }
}

/* The receiver base type's name: strips parentheses, * and type arguments. */
static Node *recv_base_ident(Node *t) {
    for (;;) {
        if (!t) return NULL;
        switch (t->kind) {
        case N_ParenExpr: t = t->u.paren.x; break;
        case N_StarExpr: t = t->u.star.x; break;
        case N_IndexExpr:
        case N_IndexListExpr: t = t->u.index.x; break;
        case N_Ident: return t;
        default: return NULL;
        }
    }
}

static void collect_func(Checker *c, const AstFile *f, Scope *fscope, Node *fd) {
    Node *id = fd->u.funcdecl.name;
    Object *o = obj_new(c->pkg, OBJ_FUNC, f->src, id->pos, id->u.ident.name, NULL);
    check_record_def(c, id, o);
    DeclInfo *d = new_decl(c, f, fscope, fd);
    d->obj = o;
    o->decl = d;
    Node *recv = fd->u.funcdecl.recv;
    if (recv) {
        vec_push(&c->methods, d);
        return;
    }
    if (strcmp(id->u.ident.name, "init") == 0) {
        /* init functions are never declared: any number may exist. */
        vec_push(&c->objs, o);
        return;
    }
    declare_pkg(c, o, d);
}

/* Methods join their base type (following local aliases, as go/types). */
static void associate_methods(Checker *c) {
    for (size_t i = 0; i < c->methods.len; i++) {
        DeclInfo *d = c->methods.data[i];
        Node *fl = d->spec->u.funcdecl.recv;
        Node *rt = fl->u.fieldlist.list.n ? fl->u.fieldlist.list.v[0]->u.field.type : NULL;
        Object *base = NULL;
        for (int hops = 0; hops < 100; hops++) {
            Node *id = recv_base_ident(rt);
            if (!id) break;
            Object *o = scope_lookup(c->pkg->scope, id->u.ident.name);
            if (!o || o->kind != OBJ_TYPENAME || !o->decl) break;
            const DeclInfo *od = o->decl;
            if (!(od->spec->flags & NF_ALIAS)) {
                base = o;
                break;
            }
            rt = od->spec->u.typespec.type;
            if (rt && rt->kind == N_StarExpr) break;   /* alias of a pointer: not a base */
        }
        if (!base) continue;
        d->next_method = ptrmap_get(&c->base_methods, base);
        ptrmap_put(&c->base_methods, base, d);
    }
}

static void collect(Checker *c, AstFile **files, size_t nfiles) {
    for (size_t fi = 0; fi < nfiles; fi++) {
        AstFile *f = files[fi];
        if (!f->root) continue;
        Scope *fscope = scope_new(&c->pkg->arena, c->pkg->scope, f->src, f->root->pos, f->root->end,
                                  f->src->path);
        const DeclInfo here = {.file = f};
        c->decl = &here;
        check_record_def(c, f->root->u.file.name, NULL);
        NodeList decls = f->root->u.file.decls;
        for (uint32_t i = 0; i < decls.n; i++) {
            Node *dn = decls.v[i];
            if (dn->kind == N_FuncDecl) {
                collect_func(c, f, fscope, dn);
                continue;
            }
            if (dn->kind != N_GenDecl) continue;
            switch (dn->tok) {
            case T_IMPORT:
                for (uint32_t k = 0; k < dn->u.gendecl.specs.n; k++)
                    collect_import(c, f, fscope, dn->u.gendecl.specs.v[k]);
                break;
            case T_CONST:
            case T_VAR: collect_values(c, f, fscope, dn); break;
            case T_TYPE:
                for (uint32_t k = 0; k < dn->u.gendecl.specs.n; k++) {
                    Node *spec = dn->u.gendecl.specs.v[k];
                    Node *id = spec->u.typespec.name;
                    Object *o = obj_new(c->pkg, OBJ_TYPENAME, f->src, id->pos, id->u.ident.name, NULL);
                    check_record_def(c, id, o);
                    declare_pkg(c, o, new_decl(c, f, fscope, spec));
                }
                break;
            default: break;
            }
        }
        c->decl = NULL;
    }
    /* A file's imports may not share a name with a package-level object. */
    for (Scope *fs = c->pkg->scope->first_child; fs; fs = fs->next_sibling) {
        for (uint32_t i = 0; i < fs->n; i++) {
            Object *o = fs->objs[i];
            Object *alt = scope_lookup(c->pkg->scope, o->name);
            if (!alt || alt == o) continue;
            const DeclInfo *save = c->decl;
            c->decl = alt->decl;
            if (o->kind == OBJ_PKGNAME)
                check_error(c, alt->pos, "%s already declared through import of package %s (\"%s\")",
                            alt->name, o->u.imported->name, o->u.imported->path);
            else
                check_error(c, alt->pos, "%s already declared through dot-import of %s", alt->name,
                            o->pkg ? o->pkg->path : "?");
            c->decl = save;
        }
    }
    associate_methods(c);
}

/* Reports the cycle that reaches o again (o is grey, on the path). */
static void cycle_error(Checker *c, Object *o) {
    size_t start = 0;
    for (size_t i = 0; i < c->path.len; i++)
        if (c->path.data[i] == o) start = i;
    /* Type cycles through a defined type are fine (type T *T); the type
       declaration itself rejects direct recursion via its underlying type. */
    bool has_named = false, has_value = false;
    for (size_t i = start; i < c->path.len; i++) {
        Object *p = c->path.data[i];
        if (p->kind == OBJ_TYPENAME && p->type && p->type->kind == TY_NAMED) has_named = true;
        if (p->kind == OBJ_FUNC) return;  /* functions may refer to themselves */
        if (p->kind == OBJ_VAR || p->kind == OBJ_CONST) has_value = true;
    }
    if (has_named && !has_value) return;
    const DeclInfo *save = c->decl;
    c->decl = o->decl;
    if (o->kind == OBJ_TYPENAME) check_error(c, o->pos, "invalid recursive type %s", o->name);
    else check_error(c, o->pos, "invalid cycle in declaration of %s", o->name);
    for (size_t i = start; i < c->path.len; i++) {
        Object *p = c->path.data[i], *q = i + 1 < c->path.len ? c->path.data[i + 1] : o;
        if (p->file) diag_add(c->diags, p->file, p->pos, "\t%s refers to %s", p->name, q->name);
    }
    c->decl = save;
    if (o->kind == OBJ_TYPENAME && o->type && o->type->kind == TY_ALIAS) {
        AliasType *a = (AliasType *)o->type;
        if (!a->fromrhs) a->fromrhs = c->invalid;
        a->actual = c->invalid;
    } else if (o->kind != OBJ_TYPENAME && !o->type) {
        o->type = c->invalid;
    }
}

void check_obj_decl(Checker *c, Object *o) {
    if (!o->decl || o->pkg != c->pkg || o->color == COLOR_BLACK) return;
    if (o->color == COLOR_GREY) {
        cycle_error(c, o);
        return;
    }
    DeclInfo *d = (DeclInfo *)o->decl;
    o->color = COLOR_GREY;
    bool save_quiet = c->quiet;
    c->quiet = false;   /* a declaration reached from a body reports its own errors */
    vec_push(&c->path, o);
    const DeclInfo *save_decl = c->decl, *save_src = c->dep_src;
    Scope *save_scope = c->scope;
    const Const *save_iota = c->iota;
    c->decl = d;
    c->dep_src = d;
    c->scope = d->fscope;
    c->iota = NULL;
    switch (o->kind) {
    case OBJ_CONST: check_const_decl(c, o, d); break;
    case OBJ_VAR: check_var_decl(c, o, d); break;
    case OBJ_TYPENAME: check_type_decl(c, o, d); break;
    case OBJ_FUNC: check_func_decl(c, o, d); break;
    default: break;
    }
    c->decl = save_decl;
    c->dep_src = save_src;
    c->scope = save_scope;
    c->iota = save_iota;
    c->quiet = save_quiet;
    c->path.len--;
    o->color = COLOR_BLACK;
    if (!c->path.len) check_resolve_pending(c);
}

unsigned types_check_files(Pkg *pkg, AstFile **files, size_t nfiles, const Importer *imp,
                           DiagList *diags, CheckStats *stats) {
    return types_check_files_info(pkg, files, nfiles, imp, diags, stats, NULL);
}

unsigned types_check_files_info(Pkg *pkg, AstFile **files, size_t nfiles, const Importer *imp,
                                DiagList *diags, CheckStats *stats, TypeInfo *info) {
    CheckStats local = {0};
    Checker c = {0};
    c.ctx = pkg->ctx;
    c.pkg = pkg;
    c.imp = imp;
    c.diags = diags;
    c.stats = stats ? stats : &local;
    unsigned errors0 = c.stats->errors;
    c.invalid = &c.ctx->typ[BK_INVALID]->t;
    c.info = info;
    arena_init(&c.arena);
    for (size_t i = 0; i < nfiles; i++)
        if (files[i]->root && !pkg->name) pkg->name = files[i]->root->u.file.name->u.ident.name;
    collect(&c, files, nfiles);
    /* As go/types' packageObjects: non-alias type declarations first, then
       aliases, then everything else, each in source order. The order shows
       where records are overwritten (a repeated constant spec's iota). */
    for (int phase = 0; phase < 3; phase++)
        for (size_t i = 0; i < c.objs.len; i++) {
            Object *o = c.objs.data[i];
            const DeclInfo *d = o->decl;
            int ph = 2;
            if (o->kind == OBJ_TYPENAME && d && d->spec && d->spec->kind == N_TypeSpec)
                ph = (d->spec->flags & NF_ALIAS) ? 1 : 0;
            if (ph == phase) check_obj_decl(&c, o);
        }
    /* Methods whose base type was not found are still checked, for errors. */
    for (size_t i = 0; i < c.methods.len; i++) {
        DeclInfo *d = c.methods.data[i];
        if (d->obj->color != COLOR_BLACK) check_obj_decl(&c, d->obj);
    }
    check_resolve_pending(&c);
    check_valid_types(&c);
    for (size_t i = 0; i < c.late.len; i++) {
        LateCheck *l = &c.late.data[i];
        c.decl = l->decl;
        check_late(&c, l);
    }
    vec_free(&c.late);
    c.decl = NULL;
    check_bodies(&c, files, nfiles);
    for (size_t i = 0; i < c.late.len; i++) {   /* local types of bodies */
        c.decl = c.late.data[i].decl;
        check_late(&c, &c.late.data[i]);
    }
    vec_free(&c.late);
    c.decl = NULL;
    if (c.stats->errors == errors0) check_init_cycles(&c);
    else check_init_cycles_free(&c);
    if (c.stats->errors == errors0) check_mono(&c);
    check_mono_free(&c);
    /* Nothing of the package may point into the syntax trees or the
       checker's arena once checking is done. */
    for (size_t i = 0; i < c.objs.len; i++) c.objs.data[i]->decl = NULL;
    for (size_t i = 0; i < c.methods.len; i++) c.methods.data[i]->obj->decl = NULL;
    pkg->complete = true;
    vec_free(&c.objs);
    vec_free(&c.methods);
    vec_free(&c.funclits);
    vec_free(&c.pending);
    vec_free(&c.path);
    vec_free(&c.instances);
    ptrmap_free(&c.base_methods);
    arena_free(&c.arena);
    return c.stats->errors - errors0;
}
