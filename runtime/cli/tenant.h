/* migc runtime: a module retargeted at a tenant's schema (--targets, SPEC §9).
 * A copy of the module whose step texts name the tenant's schema wherever they named the module's.
 */
#ifndef MIGC_TENANT_H
#define MIGC_TENANT_H

#include "build.h"

/* A retargeted module: pass &t->m wherever a module goes. */
typedef struct migc_tenant {
    migc_module m;
    migc_snapshot snapshot; /* m.snapshot, retargeted, when the module has one */
    void *block;     /* owns the copied revisions, steps and rewritten texts that m points to */
    migc_flat built; /* base with its statements built (runtime/core/build.h), which m copies */
} migc_tenant;

/* True when name may be a tenant schema: [a-z_][a-z0-9_]*, at most 63 bytes (it then needs no
 * quoting, in identifiers or in literals). */
int migc_tenant_name_ok(const char *name);

/* Fills t with base retargeted at schema (migc_tenant_name_ok): schema, version table, search
 * path and every step's guard, statement and conflict text, where the module's schema appears as
 * a quoted qualifier ("public"."users"), a quoted name in a literal ('"public"') or, in the enum
 * rebuild of remove_enum_value, a literal ('public'). Expected schemas and names are shared with
 * base, which must outlive t. MIGC_EUSAGE when a step cannot be retargeted safely. Release with
 * migc_tenant_free. */
int migc_tenant_init(migc_tenant *t, const migc_module *base, const char *schema, migc_error *err);

/* Releases what migc_tenant_init allocated; NULL-safe. */
void migc_tenant_free(migc_tenant *t);

#endif
