#include "tests/selinux_oracle/sepol_oracle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sepol/debug.h>
#include <sepol/policydb.h>
#include <sepol/policydb/conditional.h>
#include <sepol/policydb/hashtab.h>
#include <sepol/policydb/policydb.h>
#include <sepol/policydb/services.h>
#include <sepol/policydb/sidtab.h>

static sepol_policydb_t* g_pdb;
static sidtab_t g_sidtab;
static const char* (*g_perm_names)[32];

static int record_perm(hashtab_key_t key, hashtab_datum_t datum, void* arg) {
  const char** names = arg;
  perm_datum_t* perm = datum;
  if (perm->s.value >= 1 && perm->s.value <= 32) names[perm->s.value - 1] = key;
  return 0;
}

int so_load(const char* path, char* err, size_t errlen) {
  so_unload();
  sepol_debug(0);
  FILE* fp = fopen(path, "rb");
  if (!fp) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  sepol_policy_file_t* pf = NULL;
  if (sepol_policy_file_create(&pf) < 0 || sepol_policydb_create(&g_pdb) < 0) {
    fclose(fp);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  sepol_policy_file_set_fp(pf, fp);
  const int rc = sepol_policydb_read(g_pdb, pf);
  sepol_policy_file_free(pf);
  fclose(fp);
  if (rc < 0) {
    snprintf(err, errlen, "%s: sepol_policydb_read failed", path);
    sepol_policydb_free(g_pdb);
    g_pdb = NULL;
    return -1;
  }
  policydb_t* p = &g_pdb->p;
  sepol_set_policydb(p);
  sepol_sidtab_init(&g_sidtab);
  sepol_set_sidtab(&g_sidtab);
  g_perm_names = calloc(p->p_classes.nprim, sizeof *g_perm_names);
  for (unsigned c = 0; c < p->p_classes.nprim; ++c) {
    class_datum_t* cls = p->class_val_to_struct[c];
    if (!cls) continue;
    hashtab_map(cls->permissions.table, record_perm, (void*)g_perm_names[c]);
    if (cls->comdatum)
      hashtab_map(cls->comdatum->permissions.table, record_perm, (void*)g_perm_names[c]);
  }
  return 0;
}

void so_unload(void) {
  if (!g_pdb) return;
  sepol_sidtab_destroy(&g_sidtab);
  sepol_policydb_free(g_pdb);
  g_pdb = NULL;
  free((void*)g_perm_names);
  g_perm_names = NULL;
}

int so_context_to_sid(const char* context, uint32_t* sid) {
  sepol_security_id_t s = 0;
  const int rc = sepol_context_to_sid((sepol_security_context_t)context, strlen(context) + 1, &s);
  *sid = s;
  return rc;
}

int so_sid_to_context(uint32_t sid, char* buf, size_t len) {
  sepol_security_context_t ctx = NULL;
  size_t n = 0;
  const int rc = sepol_sid_to_context(sid, &ctx, &n);
  if (rc < 0) return rc;
  snprintf(buf, len, "%s", ctx);
  free(ctx);
  return 0;
}

unsigned so_nclasses(void) {
  return g_pdb ? g_pdb->p.p_classes.nprim : 0;
}

const char* so_class_name(unsigned value) {
  if (!g_pdb || value == 0 || value > g_pdb->p.p_classes.nprim) return NULL;
  return g_pdb->p.p_class_val_to_name[value - 1];
}

const char* so_perm_name(unsigned tclass, unsigned bit) {
  if (!g_pdb || tclass == 0 || tclass > g_pdb->p.p_classes.nprim || bit >= 32) return NULL;
  return g_perm_names[tclass - 1][bit];
}

int so_compute_av(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t requested,
                  uint32_t* allowed, uint32_t* reason) {
  struct sepol_av_decision avd;
  unsigned int r = 0;
  memset(&avd, 0, sizeof avd);
  const int rc = sepol_compute_av_reason(ssid, tsid, tclass, requested, &avd, &r);
  *allowed = avd.allowed;
  *reason = r;
  return rc;
}

int so_transition_sid(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t* out) {
  sepol_security_id_t s = 0;
  const int rc = sepol_transition_sid(ssid, tsid, tclass, &s);
  *out = s;
  return rc;
}

int so_change_sid(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t* out) {
  sepol_security_id_t s = 0;
  const int rc = sepol_change_sid(ssid, tsid, tclass, &s);
  *out = s;
  return rc;
}

int so_member_sid(uint32_t ssid, uint32_t tsid, uint16_t tclass, uint32_t* out) {
  sepol_security_id_t s = 0;
  const int rc = sepol_member_sid(ssid, tsid, tclass, &s);
  *out = s;
  return rc;
}

int so_validate_transition(uint32_t oldsid, uint32_t newsid, uint32_t tasksid, uint16_t tclass) {
  char* reason = NULL;
  const int rc =
      sepol_validate_transition_reason_buffer(oldsid, newsid, tasksid, tclass, &reason, 0);
  free(reason);
  return rc;
}

int so_set_bool(const char* name, int value) {
  if (!g_pdb) return -1;
  cond_bool_datum_t* b = hashtab_search(g_pdb->p.p_bools.table, (hashtab_key_t)name);
  if (!b) return -1;
  b->state = value ? 1 : 0;
  return evaluate_conds(&g_pdb->p);
}

/* ---- so_dump_policy ---- */

static void dump_ebitmap(FILE* o, const ebitmap_t* e) {
  ebitmap_node_t* node;
  unsigned int bit;
  unsigned int n = 0;
  ebitmap_for_each_bit(e, node, bit) {
    if (ebitmap_node_get_bit(node, bit)) ++n;
  }
  fprintf(o, " %u", n);
  ebitmap_for_each_bit(e, node, bit) {
    if (ebitmap_node_get_bit(node, bit)) fprintf(o, " %u", bit);
  }
}

static void dump_level(FILE* o, const mls_level_t* l) {
  fprintf(o, " %u", l->sens);
  dump_ebitmap(o, &l->cat);
}

static void dump_constraints(FILE* o, const char* kind, unsigned cls, constraint_node_t* c) {
  for (; c; c = c->next) {
    unsigned n = 0;
    for (constraint_expr_t* e = c->expr; e; e = e->next) ++n;
    fprintf(o, "%s %u %u %u", kind, cls, c->permissions, n);
    for (constraint_expr_t* e = c->expr; e; e = e->next) {
      fprintf(o, " %u %u %u", e->expr_type, e->attr, e->op);
      dump_ebitmap(o, &e->names);
    }
    fprintf(o, "\n");
  }
}

static int dump_sens(hashtab_key_t key, hashtab_datum_t datum, void* arg) {
  level_datum_t* l = datum;
  fprintf(arg, "sensname %s %u\n", key, l->level->sens);
  return 0;
}
static int dump_cat(hashtab_key_t key, hashtab_datum_t datum, void* arg) {
  cat_datum_t* c = datum;
  fprintf(arg, "catname %s %u\n", key, c->s.value);
  return 0;
}
static int dump_typename(hashtab_key_t key, hashtab_datum_t datum, void* arg) {
  type_datum_t* t = datum;
  fprintf(arg, "typename %s %u\n", key, t->s.value);
  return 0;
}
static int dump_range_tr(hashtab_key_t key, hashtab_datum_t datum, void* arg) {
  range_trans_t* k = (range_trans_t*)key;
  mls_range_t* r = datum;
  fprintf(arg, "range_trans %u %u %u", k->source_type, k->target_type, k->target_class);
  dump_level(arg, &r->level[0]);
  dump_level(arg, &r->level[1]);
  fprintf(arg, "\n");
  return 0;
}
static int dump_filename_tr(hashtab_key_t key, hashtab_datum_t datum, void* arg) {
  filename_trans_key_t* k = (filename_trans_key_t*)key;
  for (filename_trans_datum_t* d = datum; d; d = d->next) {
    ebitmap_node_t* node;
    unsigned int bit;
    ebitmap_for_each_bit(&d->stypes, node, bit) {
      if (ebitmap_node_get_bit(node, bit))
        fprintf(arg, "filename_trans %u %u %u %u %zu %s\n", bit + 1, k->ttype, k->tclass, d->otype,
                strlen(k->name), k->name);
    }
  }
  return 0;
}

static void dump_avnode(FILE* o, const char* kind, avtab_ptr_t n) {
  fprintf(o, "%s %u %u %u %u %u\n", kind, n->key.source_type, n->key.target_type,
          n->key.target_class, n->key.specified & 0x7fffu, n->datum.data);
}

char* so_dump_policy(void) {
  if (!g_pdb) return NULL;
  policydb_t* p = &g_pdb->p;
  char* buf = NULL;
  size_t len = 0;
  FILE* o = open_memstream(&buf, &len);
  fprintf(o, "mls %d\n", p->mls ? 1 : 0);
  for (unsigned c = 0; c < p->p_classes.nprim; ++c) {
    class_datum_t* cls = p->class_val_to_struct[c];
    fprintf(o, "class %u %s %u %u %u %u", c + 1, p->p_class_val_to_name[c], cls->default_user,
            cls->default_role, cls->default_type, cls->default_range);
    for (unsigned b = 0; b < 32; ++b)
      fprintf(o, " %s", g_perm_names[c][b] ? g_perm_names[c][b] : "-");
    fprintf(o, "\n");
    dump_constraints(o, "constraint", c + 1, cls->constraints);
    dump_constraints(o, "validatetrans", c + 1, cls->validatetrans);
  }
  for (unsigned s = 0; s < p->p_levels.nprim; ++s) {
    level_datum_t* l = hashtab_search(p->p_levels.table, p->p_sens_val_to_name[s]);
    fprintf(o, "sens %u %s", s + 1, p->p_sens_val_to_name[s]);
    dump_ebitmap(o, &l->level->cat);
    fprintf(o, "\n");
  }
  hashtab_map(p->p_levels.table, dump_sens, o);
  for (unsigned c = 0; c < p->p_cats.nprim; ++c)
    fprintf(o, "cat %u %s\n", c + 1, p->p_cat_val_to_name[c]);
  hashtab_map(p->p_cats.table, dump_cat, o);
  for (unsigned t = 0; t < p->p_types.nprim; ++t) {
    type_datum_t* td = p->type_val_to_struct[t];
    const char* name = p->p_type_val_to_name[t];
    const int attr = td && td->flavor == TYPE_ATTRIB;
    fprintf(o, "type %u %s %d %d %u", t + 1, name ? name : "-", attr,
            ebitmap_get_bit(&p->permissive_map, t + 1) ? 1 : 0, td ? td->bounds : 0);
    dump_ebitmap(o, attr ? &p->attr_type_map[t] : &p->type_attr_map[t]);
    fprintf(o, "\n");
  }
  hashtab_map(p->p_types.table, dump_typename, o);
  for (unsigned r = 0; r < p->p_roles.nprim; ++r) {
    role_datum_t* rd = p->role_val_to_struct[r];
    fprintf(o, "role %u %s %u", r + 1, p->p_role_val_to_name[r], rd->bounds);
    dump_ebitmap(o, &rd->dominates);
    dump_ebitmap(o, &rd->types.types);
    fprintf(o, "\n");
  }
  for (unsigned u = 0; u < p->p_users.nprim; ++u) {
    user_datum_t* ud = p->user_val_to_struct[u];
    fprintf(o, "user %u %s %u", u + 1, p->p_user_val_to_name[u], ud->bounds);
    dump_ebitmap(o, &ud->roles.roles);
    dump_level(o, &ud->exp_range.level[0]);
    dump_level(o, &ud->exp_range.level[1]);
    dump_level(o, &ud->exp_dfltlevel);
    fprintf(o, "\n");
  }
  for (unsigned b = 0; b < p->p_bools.nprim; ++b)
    fprintf(o, "bool %u %s %d\n", b + 1, p->p_bool_val_to_name[b], p->bool_val_to_struct[b]->state);
  for (unsigned i = 0; i < p->te_avtab.nslot; ++i)
    for (avtab_ptr_t n = p->te_avtab.htable[i]; n; n = n->next) dump_avnode(o, "av", n);
  for (cond_node_t* c = p->cond_list; c; c = c->next) {
    unsigned n = 0;
    for (cond_expr_t* e = c->expr; e; e = e->next) ++n;
    fprintf(o, "cond %u", n);
    for (cond_expr_t* e = c->expr; e; e = e->next) fprintf(o, " %u %u", e->expr_type, e->bool);
    fprintf(o, "\n");
    for (cond_av_list_t* l = c->true_list; l; l = l->next) dump_avnode(o, "condtrue", l->node);
    for (cond_av_list_t* l = c->false_list; l; l = l->next) dump_avnode(o, "condfalse", l->node);
  }
  for (role_trans_t* rt = p->role_tr; rt; rt = rt->next)
    fprintf(o, "role_trans %u %u %u %u\n", rt->role, rt->type, rt->tclass, rt->new_role);
  for (role_allow_t* ra = p->role_allow; ra; ra = ra->next)
    fprintf(o, "role_allow %u %u\n", ra->role, ra->new_role);
  if (p->range_tr) hashtab_map(p->range_tr, dump_range_tr, o);
  if (p->filename_trans) hashtab_map(p->filename_trans, dump_filename_tr, o);
  fclose(o);
  return buf;
}
