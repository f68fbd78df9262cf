/* Lowering a package: its functions, variables, closures and the package
   initialisation function; gc's function names. */
#include "lower.h"
#include "base/util.h"
#include "syntax/syntax.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ helpers */

IrNode *lw_node(Lower *L, IrOp op, Pos pos, Type *t, const Node *src) {
    IrNode *n = ir_new_node(L->p, op, L->file, pos, t);
    if (op == IR_DOTINTER && src && L->inst) lw_inst_note_src(L, n, src);
    return n;
}

IrNode *lw_bad(Lower *L, const Node *src, const char *why) {
    IrNode *n = lw_node(L, IR_BAD, src ? lw_gcpos(src) : NOPOS, NULL, src);
    /* what was not lowered, and from what (goescape ir -v) */
    n->u.label = src ? lw_internf(L, "%s (%s)", why, node_kind_name((NodeKind)src->kind)) : why;
    return n;
}

const char *lw_intern(Lower *L, const char *s) { return intern_cstr(L->p->names, s); }

const char *lw_internf(Lower *L, const char *fmt, ...) {
    /* one formatting pass into a stack buffer; the heap only for long names */
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof buf) return intern_cstr(L->p->names, buf);
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    const char *r = intern_cstr(L->p->names, s);
    free(s);
    return r;
}

static IrVar *global_var(Lower *L, Object *o) {
    IrVar *v = ptrmap_get(&L->globals, o);
    if (v) return v;
    v = ir_new_var(L->p, o->name, o->type, IRC_EXTERN, o->file, o->pos);
    v->obj = o;
    ptrmap_put(&L->globals, o, v);
    if (o->pkg == L->pkg)
        ir_ptrs_append(L->p, (void ***)&L->p->globals, &L->p->nglobals, v);
    return v;
}

static bool is_package_var(const Object *o) {
    return o->var_kind == VAR_PACKAGE || (o->parent && o->pkg && o->parent == o->pkg->scope);
}

/* A closure-side copy of outer variable ov in fc's function. */
/* gc positions a closure variable at its first use in the closure. */
static IrVar *capture(Lower *L, FnCtx *fc, Object *o, IrVar *ov, Pos pos) {
    IrVar *cv = ir_new_var(L->p, ov->name, ov->type, IRC_AUTO, L->file, pos ? pos : ov->pos);
    cv->flags = IRV_CLOSUREVAR | IRV_USED;
    cv->outer = ov;
    cv->obj = o;
    cv->curfn = fc->fn;
    for (IrVar *c = ov; c; c = c->outer) c->flags |= IRV_CAPTURED;
    ir_ptrs_append(L->p, (void ***)&fc->fn->cvars, &fc->fn->ncvars, cv);
    ptrmap_put(&fc->vars, o, cv);
    return cv;
}

static IrVar *capture_var_in(Lower *L, FnCtx *fc, IrVar *v, Pos pos) {
    if (!fc || fc->fn == v->curfn) return v;
    IrVar *cv = ptrmap_get(&fc->vars, v);
    if (cv) return cv;
    IrVar *ov = capture_var_in(L, fc->outer, v, pos);
    cv = ir_new_var(L->p, ov->name, ov->type, IRC_AUTO, L->file, pos ? pos : ov->pos);
    cv->flags = IRV_CLOSUREVAR | IRV_USED;
    cv->outer = ov;
    cv->obj = v->obj;
    cv->curfn = fc->fn;
    for (IrVar *c = ov; c; c = c->outer) c->flags |= IRV_CAPTURED;
    ir_ptrs_append(L->p, (void ***)&fc->fn->cvars, &fc->fn->ncvars, cv);
    ptrmap_put(&fc->vars, v, cv);
    return cv;
}

IrVar *lw_capture_var(Lower *L, IrVar *v, Pos pos) {
    if (v->obj && v->cls != IRC_EXTERN) {
        IrVar *r = lw_var_use(L, v->obj, pos);
        if (r) return r;
    }
    return capture_var_in(L, L->fc, v, pos);
}

static IrVar *lookup_local(Lower *L, FnCtx *fc, Object *o, Pos pos) {
    IrVar *v = ptrmap_get(&fc->vars, o);
    if (v) return v;
    /* a type switch clause variable seen for the first time */
    for (TswClause *t = L->tsw; t; t = t->prev) {
        if (t->fc == fc && t->var && t->name == o->name && t->pos == o->pos && t->file == o->file) {
            if (!t->var->obj) t->var->obj = o;
            ptrmap_put(&fc->vars, o, t->var);
            return t->var;
        }
    }
    if (!fc->outer) return NULL;
    IrVar *ov = lookup_local(L, fc->outer, o, pos);
    if (!ov) return NULL;
    return capture(L, fc, o, ov, pos);
}

IrVar *lw_var_use(Lower *L, Object *o, Pos pos) {
    if (!o || o->kind != OBJ_VAR) return NULL;
    if (is_package_var(o)) return global_var(L, o);
    IrVar *v = L->fc ? lookup_local(L, L->fc, o, pos) : NULL;
    if (v) v->flags |= IRV_USED;
    return v;
}

IrVar *lw_declare(Lower *L, Object *o, const Node *id) {
    IrFunc *fn = L->fc->fn;
    const char *name = o ? o->name : id->u.ident.name;
    Type *t = o ? lw_inst_type(L, o->type) : NULL;
    IrVar *v = ir_new_var(L->p, name, t, IRC_AUTO, L->file, id ? id->pos : (o ? o->pos : NOPOS));
    v->obj = o;
    v->curfn = fn;
    ir_func_add_dcl(L->p, fn, v);
    if (o) ptrmap_put(&L->fc->vars, o, v);
    return v;
}

IrNode *lw_name(Lower *L, IrVar *v, Pos pos, const Node *src) {
    IrNode *n = lw_node(L, IR_NAME, pos, v->type, src);
    n->u.var = v;
    return n;
}

IrNode *lw_blank(Lower *L, Pos pos, Type *t) {
    IrNode *n = lw_node(L, IR_NAME, pos, t, NULL);
    n->u.var = L->blank;
    return n;
}

IrVar *lw_temp(Lower *L, Type *t, Pos pos) {
    return ir_new_temp(L->p, L->fc->fn, t, L->file, pos);
}

/* ---------------------------------------------------------------- functions */

void lw_push_fn(Lower *L, FnCtx *fc, IrFunc *fn) {
    memset(fc, 0, sizeof *fc);
    fc->fn = fn;
    fc->outer = L->fc;
    L->fc = fc;
}

void lw_pop_fn(Lower *L, FnCtx *fc) {
    ptrmap_free(&fc->vars);
    vec_free(&fc->labels);
    L->fc = fc->outer;
}

/* gc's closure naming: outer.funcN at the first level, outer.N below; go and
   defer wrappers outer.gowrapN / outer.deferwrapN; glob..funcN in functions
   named _ (literals of package-level initializers are init.funcN)
   level. */
const char *lw_closure_name(Lower *L, const char *suffix, uint32_t *gen) {
    FnCtx *fc = L->fc;
    if (!fc || fc->fn->name == L->s_blank) {
        uint32_t g = ++L->globclosgen;
        return lw_internf(L, "glob.%s%u", suffix, g);
    }
    uint32_t g = ++*gen;
    return lw_internf(L, "%s%s%u", fc->fn->name, suffix, g);
}

IrFunc *lw_new_closure(Lower *L, const char *name, Pos pos, SignatureType *sig) {
    IrFunc *fn = ir_new_func(L->p, name, L->file, pos);
    fn->flags = IRFN_CLOSURE | IRFN_HAS_BODY;
    fn->outer = L->fc ? L->fc->fn : NULL;
    fn->sig = sig;
    vec_push(&L->closures, fn);
    return fn;
}

static void add_param(Lower *L, IrFunc *fn, Object *o, IrClass cls, const char *name, Pos pos,
                      bool result) {
    IrVar *v = ir_new_var(L->p, name, o ? lw_inst_type(L, o->type) : NULL, cls, L->file, pos);
    v->obj = o;
    v->curfn = fn;
    v->index = -1;
    if (result) ir_ptrs_append(L->p, (void ***)&fn->results, &fn->nresults, v);
    else ir_ptrs_append(L->p, (void ***)&fn->params, &fn->nparams, v);
    ir_func_add_dcl(L->p, fn, v);
    if (o && L->fc && L->fc->fn == fn) ptrmap_put(&L->fc->vars, o, v);
}

/* Positions of the parameters of a field list, in order (names, or the
   type for unnamed ones). */
static uint32_t field_positions(const Node *fl, Pos *out, uint32_t max) {
    uint32_t k = 0;
    if (!fl) return 0;
    for (uint32_t i = 0; i < fl->u.fieldlist.list.n; i++) {
        const Node *f = fl->u.fieldlist.list.v[i];
        if (f->u.field.names.n == 0) {
            if (k < max) out[k] = f->u.field.type ? f->u.field.type->pos : f->pos;
            k++;
        }
        for (uint32_t j = 0; j < f->u.field.names.n; j++) {
            if (k < max) out[k] = f->u.field.names.v[j]->pos;
            k++;
        }
    }
    return k;
}

void lw_declare_params(Lower *L, IrFunc *fn, SignatureType *sig, const Node *recv,
                       const Node *ftype) {
    uint32_t np = tuple_len(sig->params), nr = tuple_len(sig->results);
    uint32_t max = np + nr + 1;
    Pos *pos = xcalloc(max, sizeof *pos);
    if (sig->recv) {
        Object *o = sig->recv;
        const char *name = o->name && o->name[0] ? o->name : lw_intern(L, "~p0");
        Pos rp = o->pos;
        if (!rp && recv) field_positions(recv, &rp, 1);
        add_param(L, fn, o, IRC_PARAM, name, rp, false);
    }
    const Node *ps = ftype ? ftype->u.functype.params : NULL;
    const Node *rs = ftype ? ftype->u.functype.results : NULL;
    uint32_t k = field_positions(ps, pos, max);
    for (uint32_t i = 0; i < np; i++) {
        Object *o = tuple_at(sig->params, i);
        const char *name = o->name && o->name[0] ? o->name : lw_internf(L, "~p%u", i);
        add_param(L, fn, o, IRC_PARAM, name, o->pos ? o->pos : (i < k ? pos[i] : fn->pos), false);
    }
    k = field_positions(rs, pos, max);
    for (uint32_t i = 0; i < nr; i++) {
        Object *o = tuple_at(sig->results, i);
        const char *name = o->name && o->name[0] && o->name != L->s_blank ? o->name
                                                                          : lw_internf(L, "~r%u", i);
        add_param(L, fn, o, IRC_PARAMOUT, name, o->pos ? o->pos : (i < k ? pos[i] : fn->pos), true);
    }
    for (uint32_t i = 0; i < fn->nparams; i++) fn->params[i]->index = (int32_t)i;
    for (uint32_t i = 0; i < fn->nresults; i++) fn->results[i]->index = (int32_t)i;
    free(pos);
}

/* The other packages' plain functions a generic body names (IrFunc.refs;
   the inliner keeps the bodies it re-exports by them). */
typedef struct GenRefs {
    Lower *L;
    VEC(Object *) refs;
    PtrMap seen;
} GenRefs;

static void generic_ref(void *data, Node *n, bool in_body) {
    (void)in_body;
    GenRefs *g = data;
    if (n->kind != N_Ident) return;
    Object *o = types_ident_use(g->L->info, n);
    if (o && o->kind == OBJ_FUNC && o->pkg && o->pkg != g->L->pkg && !ptrmap_get(&g->seen, o)) {
        ptrmap_put(&g->seen, o, (void *)1);
        vec_push(&g->refs, o);
    }
}

static void generic_refs(Lower *L, IrFunc *fn, Node *body) {
    GenRefs g = {.L = L};
    syntax_walk(body, generic_ref, &g);
    if (g.refs.len) {
        fn->refs = arena_alloc_raw(&L->p->arena, g.refs.len * sizeof *fn->refs);
        memcpy(fn->refs, g.refs.data, g.refs.len * sizeof *fn->refs);
        fn->nrefs = (uint32_t)g.refs.len;
    }
    vec_free(&g.refs);
    ptrmap_free(&g.seen);
}

/* The receiver's base type name as gc writes it in a method's FuncName. */
static const char *method_name(Lower *L, const Node *fd, Object *fo) {
    const Node *rl = fd->u.funcdecl.recv;
    const Node *rt = rl && rl->u.fieldlist.list.n ? rl->u.fieldlist.list.v[0]->u.field.type : NULL;
    bool ptr = false;
    while (rt && rt->kind == N_ParenExpr) rt = rt->u.paren.x;
    if (rt && rt->kind == N_StarExpr) {
        ptr = true;
        rt = rt->u.star.x;
    }
    while (rt && rt->kind == N_ParenExpr) rt = rt->u.paren.x;
    if (rt && (rt->kind == N_IndexExpr || rt->kind == N_IndexListExpr)) rt = rt->u.index.x;
    const char *tn = rt && rt->kind == N_Ident ? rt->u.ident.name : "?";
    return ptr ? lw_internf(L, "(*%s).%s", tn, fo ? fo->name : fd->u.funcdecl.name->u.ident.name)
               : lw_internf(L, "%s.%s", tn, fo ? fo->name : fd->u.funcdecl.name->u.ident.name);
}

static bool is_generic_decl(const Node *fd, SignatureType *sig) {
    if (fd->u.funcdecl.type && fd->u.funcdecl.type->u.functype.tparams &&
        fd->u.funcdecl.type->u.functype.tparams->u.fieldlist.list.n)
        return true;
    if (sig && (sig->tparams.n || sig->rparams.n)) return true;
    const Node *rl = fd->u.funcdecl.recv;
    const Node *rt = rl && rl->u.fieldlist.list.n ? rl->u.fieldlist.list.v[0]->u.field.type : NULL;
    while (rt && (rt->kind == N_ParenExpr || rt->kind == N_StarExpr))
        rt = rt->kind == N_StarExpr ? rt->u.star.x : rt->u.paren.x;
    return rt && (rt->kind == N_IndexExpr || rt->kind == N_IndexListExpr);
}

static IrFunc *lower_funcdecl(Lower *L, const Node *fd) {
    const Node *nm = fd->u.funcdecl.name;
    Object *fo = types_ident_def(L->info, nm);
    SignatureType *sig = fo && fo->type && fo->type->kind == TY_SIGNATURE ? (SignatureType *)fo->type : NULL;
    const char *name = nm->u.ident.name;
    Pos pos = nm->pos;
    if (fd->u.funcdecl.recv) {
        name = method_name(L, fd, fo);
        pos = fd->u.funcdecl.recv->pos;
    } else if (!fd->u.funcdecl.recv && name == L->s_init) {
        name = lw_internf(L, "init.%u", L->initgen++);
    }
    IrFunc *fn = ir_new_func(L->p, name, L->file, pos);
    fn->obj = fo;
    fn->sig = sig;
    fn->endpos = fd->end;
    if (fd->u.funcdecl.recv) fn->flags |= IRFN_METHOD;
    if (fd->u.funcdecl.pragmas) fn->pragmas = fd->u.funcdecl.pragmas->flags;
    if (L->pkg->path && L->pkg->path[0])
        fn->linksym = lw_internf(L, "%s.%s", L->pkg->path, name);
    if (is_generic_decl(fd, sig)) {
        fn->flags |= IRFN_GENERIC;
        if (fd->u.funcdecl.body) {
            fn->flags |= IRFN_HAS_BODY;
            generic_refs(L, fn, fd->u.funcdecl.body);
        }
        return fn;
    }
    FnCtx fc;
    lw_push_fn(L, &fc, fn);
    if (sig) lw_declare_params(L, fn, sig, fd->u.funcdecl.recv, fd->u.funcdecl.type);
    lw_rangefunc_results(L, fn, fd->u.funcdecl.body);
    L->sticky = fn->pos;
    if (fd->u.funcdecl.body) {
        fn->flags |= IRFN_HAS_BODY;
        if (sig) lw_block(L, fd->u.funcdecl.body, &fn->body);
        lw_bloop(L, fn);
        lw_loopvar(L, fn);
    }
    lw_pop_fn(L, &fc);
    return fn;
}

IrNode *lw_func_lit(Lower *L, const Node *e) {
    Type *t = lw_type(L, e);
    SignatureType *sig = t && type_under(t)->kind == TY_SIGNATURE ? (SignatureType *)type_under(t) : NULL;
    FnCtx *fc = L->fc;
    const char *name;
    if (!fc || fc->fn->name == L->s_blank) name = lw_closure_name(L, ".func", NULL);
    else if (fc->fn->flags & IRFN_CLOSURE && !(fc->fn->flags & (IRFN_GOWRAP | IRFN_DEFERWRAP)))
        name = lw_closure_name(L, ".", &fc->closgen);
    else name = lw_closure_name(L, ".func", &fc->closgen);
    IrFunc *fn = lw_new_closure(L, name, e->pos, sig);
    fn->endpos = e->end;
    IrNode *n = lw_node(L, IR_CLOSURE, e->pos, t, e);
    n->u.fn = fn;
    fn->closure = n;
    if (!sig) {
        lw_bad(L, e, "func literal without signature");
        return n;
    }
    FnCtx inner;
    lw_push_fn(L, &inner, fn);
    lw_declare_params(L, fn, lw_inst_raw_sig(L, e, sig), NULL, e->u.funclit.type);
    lw_rangefunc_results(L, fn, e->u.funclit.body);
    lw_block(L, e->u.funclit.body, &fn->body);
    lw_bloop(L, fn);
    lw_loopvar(L, fn);
    lw_pop_fn(L, &inner);
    return n;
}

/* ------------------------------------------------------- package variables */

/* gc's static initialisation of a package-level variable: constants,
   addresses of globals, functions, trivial func literals, and composite
   literals (pointed to or not) and interface boxes of such are laid out
   statically; each part that is not becomes its own assignment to the
   static location in the init function (here: to the variable itself,
   typed as the part). */
static void static_assign(Lower *L, IrVar *g, IrNode *r, IrList *out, Pos pos, bool top) {
    if (!r) return;
    while (r->op == IR_CONVNOP && !r->init.n) r = r->x;
    bool fips = ir_pkg_fips(L->pkg);
    if (!r->init.n && fips && ir_fips_static_leaf(r)) return;
    if (!r->init.n && (!fips || r->op == IR_STRUCTLIT || r->op == IR_ARRAYLIT)) {
        switch (r->op) {
        case IR_LITERAL: case IR_NIL: case IR_METHEXPR: case IR_NAME: case IR_TYPE:
            return;
        case IR_ADDR:
            if (r->x && r->x->op == IR_NAME && r->x->u.var && r->x->u.var->cls == IRC_EXTERN) return;
            break;
        case IR_PTRLIT:
            if (r->x && (r->x->op == IR_STRUCTLIT || r->x->op == IR_ARRAYLIT || r->x->op == IR_SLICELIT)) {
                static_assign(L, g, r->x, out, pos, false);
                return;
            }
            break;
        case IR_STRUCTLIT: case IR_ARRAYLIT: case IR_SLICELIT:
            for (uint32_t i = 0; i < r->list.n; i++) {
                IrNode *e = r->list.v[i];
                static_assign(L, g, e->op == IR_KEY ? e->y : e->op == IR_STRUCTKEY ? e->x : e, out, pos, false);
            }
            return;
        case IR_CLOSURE:
            if (r->u.fn && r->u.fn->ncvars == 0) return;
            break;
        case IR_STR2BYTES:
            if (r->x && r->x->op == IR_LITERAL) return;
            break;
        case IR_CONVIFACE: {
            IrNode *v = r;
            while (v->op == IR_CONVIFACE && v->x) v = v->x;
            if (v->type && type_is_interface(v->type)) {
                if (v->op == IR_NIL) return;
                break;
            }
            static_assign(L, g, v, out, pos, false);
            return;
        }
        default: break;
        }
    }
    /* the whole initializer keeps its statement; a part is assigned at its
       own position (gc makes it current) */
    Pos apos = top || !r->pos ? pos : r->pos;
    IrNode *as = lw_node(L, IR_AS, apos, NULL, NULL);
    IrNode *dst = lw_name(L, g, apos, NULL);
    dst->type = r->type;
    as->x = dst;
    as->y = r;
    ir_list_append(L->p, out, as);
}

/* Lowers a package-level var spec's initializer into the init function:
   only name `only` of a 1:1 spec (-1: all). */
static void lower_var_spec(Lower *L, const Node *spec, int32_t only, IrList *out, IrList *orig) {
    NodeList names = spec->u.valuespec.names;
    NodeList values = spec->u.valuespec.values;
    if (values.n == 0) return;
    IrNode *lhs[names.n ? names.n : 1];
    for (uint32_t i = 0; i < names.n; i++) {
        const Node *id = names.v[i];
        Object *o = types_ident_def(L->info, id);
        if (!o || id->u.ident.name == L->s_blank) {
            lhs[i] = lw_blank(L, id->pos, o ? o->type : lw_type(L, values.n == names.n ? values.v[i] : values.v[0]));
            continue;
        }
        IrVar *v = global_var(L, o);
        lhs[i] = lw_name(L, v, id->pos, id);
    }
    if (names.n == values.n) {
        for (uint32_t i = 0; i < names.n; i++) {
            if (only >= 0 && (uint32_t)only != i) continue;
            IrNode *as = lw_node(L, IR_AS, spec->u.valuespec.names.v[i]->pos, NULL, spec);
            as->x = lhs[i];
            /* a blank variable converts to its declared type too (var _ I = x) */
            bool typed_blank = lhs[i]->u.var == L->blank && spec->u.valuespec.type;
            as->y = lw_expr_to(L, values.v[i], lhs[i]->u.var != L->blank || typed_blank ? lhs[i]->type : NULL);
            if (as->y->type && lhs[i]->u.var == L->blank) {
                Type *yt = as->y->type;
                if (yt->kind == TY_BASIC && (((BasicType *)yt)->info & BINFO_UNTYPED)) as->y->type = type_default(L->ctx, yt);
            }
            if (lhs[i]->u.var != L->blank) lhs[i]->u.var->defn = as;
            ir_list_append(L->p, orig, as);
            static_assign(L, lhs[i]->u.var, as->y, out, as->pos, true);
        }
        return;
    }
    /* var a, b = f() / m[k] / x.(T) / <-c */
    const Node *rv = lw_unparen(values.v[0]);
    IrNode *y = lw_expr(L, values.v[0]);
    IrOp op = IR_AS2FUNC;
    if (names.n == 2 && rv->kind == N_IndexExpr && y->op == IR_INDEXMAP) op = IR_AS2MAPR;
    else if (names.n == 2 && y->op == IR_RECV) op = IR_AS2RECV;
    else if (names.n == 2 && y->op == IR_DOTTYPE) {
        op = IR_AS2DOTTYPE;
        y->op = IR_DOTTYPE2;
    }
    IrNode *as = lw_node(L, op, names.v[0]->pos, NULL, spec);
    for (uint32_t i = 0; i < names.n; i++) {
        ir_list_append(L->p, &as->list, lhs[i]);
        if (lhs[i]->u.var != L->blank) lhs[i]->u.var->defn = as;
    }
    as->y = y;
    ir_list_append(L->p, out, as);
    ir_list_append(L->p, orig, as);
}

/* gc's OutlineMapInits: a package-level `m = map literal` of at least 20
   nodes without side effects moves into its own function map.init.N, which
   init calls. */
static uint32_t tree_size(const IrNode *n) {
    if (!n) return 0;
    uint32_t k = 1 + tree_size(n->x) + tree_size(n->y) + tree_size(n->z) + tree_size(n->w);
    for (uint32_t i = 0; i < n->init.n; i++) k += tree_size(n->init.v[i]);
    for (uint32_t i = 0; i < n->list.n; i++) k += tree_size(n->list.v[i]);
    for (uint32_t i = 0; i < n->rlist.n; i++) k += tree_size(n->rlist.v[i]);
    return k;
}

static bool side_effects(const IrNode *n) {
    if (!n) return false;
    switch (n->op) {
    case IR_NAME: case IR_TYPE: case IR_LITERAL: case IR_NIL: case IR_ADDSTR: case IR_ADDR:
    case IR_ANDAND: case IR_OROR: case IR_BYTES2STR: case IR_RUNES2STR: case IR_STR2BYTES:
    case IR_STR2RUNES: case IR_CAP: case IR_MAPLIT: case IR_STRUCTLIT: case IR_ARRAYLIT:
    case IR_SLICELIT: case IR_PTRLIT: case IR_CONV: case IR_CONVIFACE: case IR_CONVNOP: case IR_DOT:
    case IR_KEY: case IR_STRUCTKEY: case IR_LEN: case IR_NEW: case IR_RUNESTR: case IR_REAL:
    case IR_IMAG: case IR_COMPLEX: case IR_UNARY:
        break;
    case IR_BINARY:
        if (n->tok == T_QUO || n->tok == T_REM) {
            if (!n->y || n->y->op != IR_LITERAL || !n->y->u.val || const_sign(n->y->u.val) == 0) return true;
        }
        break;
    case IR_MAKEMAP: case IR_MAKECHAN:
        if (n->x && !(n->x->op == IR_LITERAL && n->x->u.val && const_kind(n->x->u.val) == CONST_INT &&
                      const_sign(n->x->u.val) == 0))
            return true;
        break;
    default:
        return true;
    }
    if (side_effects(n->x) || side_effects(n->y) || side_effects(n->z) || side_effects(n->w)) return true;
    for (uint32_t i = 0; i < n->init.n; i++)
        if (side_effects(n->init.v[i])) return true;
    for (uint32_t i = 0; i < n->list.n; i++)
        if (side_effects(n->list.v[i])) return true;
    for (uint32_t i = 0; i < n->rlist.n; i++)
        if (side_effects(n->rlist.v[i])) return true;
    return false;
}

static void outline_map_inits(Lower *L, IrFunc *init, void *outv) {
    VEC(IrFunc *) *out = outv;
    for (uint32_t i = 0; i < init->body.n; i++) {
        IrNode *as = init->body.v[i];
        if (as->op != IR_AS || !as->x || as->x->op != IR_NAME || (as->x->flags & IRF_FUNCNAME) ||
            !as->x->u.var || (as->x->u.var->flags & IRV_BLANK) || as->x->u.var->cls != IRC_EXTERN)
            continue;
        Type *t = as->x->u.var->type;
        if (!t || type_under(t)->kind != TY_MAP) continue;
        if (tree_size(as->y) < 20 || side_effects(as->y)) continue;
        const char *name = lw_internf(L, "map.init.%zu", out->len);
        IrFunc *fn = ir_new_func(L->p, name, as->file, as->pos);
        fn->flags = IRFN_HAS_BODY;
        SignatureType *sig = type_new_signature(L->pkg, NULL, NULL, NULL, false);
        fn->sig = sig;
        fn->obj = obj_new(L->pkg, OBJ_FUNC, as->file, as->pos, name, &sig->t);
        if (L->pkg->path && L->pkg->path[0]) fn->linksym = lw_internf(L, "%s.%s", L->pkg->path, name);
        ir_list_append(L->p, &fn->body, as);
        IrNode *call = ir_new_node(L->p, IR_CALLFUNC, as->file, as->pos, NULL);
        IrNode *callee = ir_new_node(L->p, IR_NAME, as->file, as->pos, &sig->t);
        callee->flags |= IRF_FUNCNAME;
        callee->u.obj = fn->obj;
        callee->sel = fn->obj;
        call->x = callee;
        init->body.v[i] = call;
        for (uint32_t j = 0; j < init->orig_inits.n; j++)
            if (init->orig_inits.v[j]->y == as->y) init->orig_inits.v[j] = call;
        vec_push(out, fn);
    }
}

/* ------------------------------------------------------------------ package */

static void set_file(Lower *L, const AstFile *f, Pkg *pkg) {
    L->file = f->src;
    L->astfile = f;
    const char *gv = f->go_version && f->go_version[0] ? f->go_version
                     : pkg->go_version && pkg->go_version[0] ? pkg->go_version
                     : L->opt->goversion;
    L->distinct_loops = true;
    if (gv && strncmp(gv, "go", 2) == 0) gv += 2;   /* "go1.21" (build tag, option) or "1.21" (go.mod) */
    if (gv && strncmp(gv, "1.", 2) == 0) {
        int minor = atoi(gv + 2);
        if (minor > 0 && minor < 22) L->distinct_loops = false;
    }
}

static int cmp_funcs(const void *a, const void *b) { (void)a; (void)b; return 0; }

/* gc's writer numbers the defined types declared in function bodies across
   the package, file by file in source order (its declCollector), and their
   link names carry the number: slices.Clone[[]ssa.StoreRecord·4,...]. */
static void number_local_types(Lower *L, AstFile **files, size_t nfiles) {
    uint32_t gen = 0;
    for (size_t fi = 0; fi < nfiles; fi++) {
        if (!files[fi]) continue;
        for (uint32_t i = 0; i < files[fi]->nlocal_types; i++) {
            Node *n = files[fi]->local_types[i];
            if (n->flags & NF_ALIAS) continue;
            Object *o = types_ident_def(L->info, n->u.typespec.name);
            gen++;
            if (o && o->kind == OBJ_TYPENAME) {
                o->flags |= OF_LOCAL_TYPE;
                o->order = gen;
            }
        }
    }
}

IrPackage *ir_lower_package(Pkg *pkg, AstFile **files, size_t nfiles, const TypeInfo *info,
                            const IrOptions *opt) {
    IrPackage *p = xcalloc(1, sizeof *p);
    p->pkg = pkg;
    arena_init(&p->arena);
    p->names = pkg->ctx->names;
    IrOptions dflt = {0};
    Lower Lw = {0}, *L = &Lw;
    L->p = p;
    L->pkg = pkg;
    L->ctx = pkg->ctx;
    L->info = info;
    L->opt = opt ? opt : &dflt;
    L->s_blank = lw_intern(L, "_");
    L->s_init = lw_intern(L, "init");
    L->blank = ir_new_var(p, L->s_blank, NULL, IRC_AUTO, NULL, NOPOS);
    L->blank->flags |= IRV_BLANK;
    for (uint32_t i = 0; i < pkg->nimports; i++)
        if (pkg->imports[i] && pkg->imports[i]->path && strcmp(pkg->imports[i]->path, "testing") == 0)
            L->imports_testing = true;
    (void)cmp_funcs;
    L->files = files;
    L->nfiles = nfiles;
    number_local_types(L, files, nfiles);

    VEC(IrFunc *) decls = {0};
    IrFunc *init = ir_new_func(p, L->s_init, NULL, NOPOS);
    init->flags = IRFN_INIT | IRFN_HAS_BODY;
    if (pkg->path && pkg->path[0]) init->linksym = lw_internf(L, "%s.init", pkg->path);

    FnCtx initfc;
    memset(&initfc, 0, sizeof initfc);
    initfc.fn = init;
    LwScan *scan = lw_scan_new(L);
    for (size_t fi = 0; fi < nfiles; fi++) {
        AstFile *f = files[fi];
        if (!f || !f->root) continue;
        set_file(L, f, pkg);
        NodeList decls_l = f->root->u.file.decls;
        for (uint32_t i = 0; i < decls_l.n; i++) {
            const Node *d = decls_l.v[i];
            if (d->kind == N_FuncDecl) {
                /* gc's noder skips blank functions: never compiled */
                if (d->u.funcdecl.name && d->u.funcdecl.name->u.ident.name == L->s_blank) continue;
                IrFunc *fn = lower_funcdecl(L, d);
                vec_push(&decls, fn);
                lw_scan_decl(scan, fn);
            }
        }
    }
    /* package-level initializers, in initialization order, in the package
       init function (gc's sits at <autogenerated>:1); one context for all:
       init.funcN counts on */
    LwInit *order;
    size_t norder = lw_init_order(L, files, nfiles, &order);
    for (size_t i = 0; i < norder; i++) {
        set_file(L, order[i].file, pkg);
        L->fc = &initfc;
        lower_var_spec(L, order[i].spec, order[i].index, &init->body, &init->orig_inits);
        L->fc = NULL;
    }
    free(order);
    VEC(IrFunc *) mapinits = {0};
    outline_map_inits(L, init, &mapinits);
    uint32_t nwraps = 0;
    IrFunc **wraps = lw_method_wrappers(L, &nwraps);
    IrFunc **insts, **twraps;
    uint32_t ntwraps;
    uint32_t ninsts = lw_inst_finish(L, scan, init, &insts, &twraps, &ntwraps);
    size_t total = decls.len + 1 + ninsts + L->closures.len + mapinits.len + nwraps + ntwraps;
    p->funcs = xmalloc(total * sizeof *p->funcs);
    p->capfuncs = (uint32_t)total;
    /* gc's Target.Funcs: the package init function (made first, holding the
       initializers), the func literals of initializers, the declared
       functions, then instances and the literals and wrappers made reading
       bodies */
    p->funcs[p->nfuncs++] = init;
    for (size_t i = 0; i < L->closures.len; i++) {
        IrFunc *c = L->closures.data[i], *root = c;
        while (root->outer) root = root->outer;
        if (root == init) p->funcs[p->nfuncs++] = c;
    }
    for (size_t i = 0; i < mapinits.len; i++) p->funcs[p->nfuncs++] = mapinits.data[i];
    vec_free(&mapinits);
    for (size_t i = 0; i < decls.len; i++) p->funcs[p->nfuncs++] = decls.data[i];
    for (uint32_t i = 0; i < ninsts; i++) {
        p->funcs[p->nfuncs++] = insts[i];
        const Object *o = insts[i]->obj;
        if (o && o->name && !ptrmap_get(&p->instances, o->name)) ptrmap_put(&p->instances, o->name, insts[i]);
    }
    free(insts);
    for (size_t i = 0; i < L->closures.len; i++) {
        IrFunc *c = L->closures.data[i], *root = c;
        while (root->outer) root = root->outer;
        if (root != init) p->funcs[p->nfuncs++] = c;
    }
    /* gc makes them after inlining: compiled last */
    for (uint32_t i = 0; i < nwraps; i++) p->funcs[p->nfuncs++] = wraps[i];
    for (uint32_t i = 0; i < ntwraps; i++) p->funcs[p->nfuncs++] = twraps[i];
    free(wraps);
    free(twraps);
    ptrmap_free(&initfc.vars);
    vec_free(&decls);
    vec_free(&L->closures);
    vec_free(&L->narrowed);
    vec_free(&L->methvals);
    ptrmap_free(&L->globals);
    ptrmap_free(&L->methsigs);
    ptrmap_free(&L->ptrtypes);
    ptrmap_free(&L->offsets);
    return p;
}
