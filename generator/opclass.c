/* migc generator: operator classes.
 * Static tables taken from PostgreSQL 15's catalog, and lookups by name and index method. */
#include "opclass.h"

#include <string.h>

#include "load_util.h"
#include "strbuf.h"

/* An operator class name, the index methods it serves (space-separated) and its extension (NULL
 * when built in). */
typedef struct opclass {
    const char *name;
    const char *methods;
    const char *extension;
} opclass;

/* PostgreSQL 15's built-in operator classes and the index methods each serves. Made on a fresh
 * initdb of PostgreSQL 15.18 with
 *   SELECT opcname, string_agg(amname, ' ' ORDER BY amname) FROM pg_opclass o
 *   JOIN pg_am am ON am.oid = o.opcmethod GROUP BY opcname ORDER BY opcname;
 * (names alike across methods are one entry). */
static const opclass builtin[] = {
    {"aclitem_ops", "hash", NULL},
    {"array_ops", "btree gin hash", NULL},
    {"bit_minmax_ops", "brin", NULL},
    {"bit_ops", "btree", NULL},
    {"bool_ops", "btree hash", NULL},
    {"box_inclusion_ops", "brin", NULL},
    {"box_ops", "gist spgist", NULL},
    {"bpchar_bloom_ops", "brin", NULL},
    {"bpchar_minmax_ops", "brin", NULL},
    {"bpchar_ops", "btree hash", NULL},
    {"bpchar_pattern_ops", "btree hash", NULL},
    {"bytea_bloom_ops", "brin", NULL},
    {"bytea_minmax_ops", "brin", NULL},
    {"bytea_ops", "btree hash", NULL},
    {"char_bloom_ops", "brin", NULL},
    {"char_minmax_ops", "brin", NULL},
    {"char_ops", "btree hash", NULL},
    {"cid_ops", "hash", NULL},
    {"cidr_ops", "btree hash", NULL},
    {"circle_ops", "gist", NULL},
    {"date_bloom_ops", "brin", NULL},
    {"date_minmax_multi_ops", "brin", NULL},
    {"date_minmax_ops", "brin", NULL},
    {"date_ops", "btree hash", NULL},
    {"enum_ops", "btree hash", NULL},
    {"float4_bloom_ops", "brin", NULL},
    {"float4_minmax_multi_ops", "brin", NULL},
    {"float4_minmax_ops", "brin", NULL},
    {"float4_ops", "btree hash", NULL},
    {"float8_bloom_ops", "brin", NULL},
    {"float8_minmax_multi_ops", "brin", NULL},
    {"float8_minmax_ops", "brin", NULL},
    {"float8_ops", "btree hash", NULL},
    {"inet_bloom_ops", "brin", NULL},
    {"inet_inclusion_ops", "brin", NULL},
    {"inet_minmax_multi_ops", "brin", NULL},
    {"inet_minmax_ops", "brin", NULL},
    {"inet_ops", "btree gist hash spgist", NULL},
    {"int2_bloom_ops", "brin", NULL},
    {"int2_minmax_multi_ops", "brin", NULL},
    {"int2_minmax_ops", "brin", NULL},
    {"int2_ops", "btree hash", NULL},
    {"int4_bloom_ops", "brin", NULL},
    {"int4_minmax_multi_ops", "brin", NULL},
    {"int4_minmax_ops", "brin", NULL},
    {"int4_ops", "btree hash", NULL},
    {"int8_bloom_ops", "brin", NULL},
    {"int8_minmax_multi_ops", "brin", NULL},
    {"int8_minmax_ops", "brin", NULL},
    {"int8_ops", "btree hash", NULL},
    {"interval_bloom_ops", "brin", NULL},
    {"interval_minmax_multi_ops", "brin", NULL},
    {"interval_minmax_ops", "brin", NULL},
    {"interval_ops", "btree hash", NULL},
    {"jsonb_ops", "btree gin hash", NULL},
    {"jsonb_path_ops", "gin", NULL},
    {"kd_point_ops", "spgist", NULL},
    {"macaddr8_bloom_ops", "brin", NULL},
    {"macaddr8_minmax_multi_ops", "brin", NULL},
    {"macaddr8_minmax_ops", "brin", NULL},
    {"macaddr8_ops", "btree hash", NULL},
    {"macaddr_bloom_ops", "brin", NULL},
    {"macaddr_minmax_multi_ops", "brin", NULL},
    {"macaddr_minmax_ops", "brin", NULL},
    {"macaddr_ops", "btree hash", NULL},
    {"money_ops", "btree", NULL},
    {"multirange_ops", "btree gist hash", NULL},
    {"name_bloom_ops", "brin", NULL},
    {"name_minmax_ops", "brin", NULL},
    {"name_ops", "btree hash", NULL},
    {"numeric_bloom_ops", "brin", NULL},
    {"numeric_minmax_multi_ops", "brin", NULL},
    {"numeric_minmax_ops", "brin", NULL},
    {"numeric_ops", "btree hash", NULL},
    {"oid_bloom_ops", "brin", NULL},
    {"oid_minmax_multi_ops", "brin", NULL},
    {"oid_minmax_ops", "brin", NULL},
    {"oid_ops", "btree hash", NULL},
    {"oidvector_ops", "btree hash", NULL},
    {"pg_lsn_bloom_ops", "brin", NULL},
    {"pg_lsn_minmax_multi_ops", "brin", NULL},
    {"pg_lsn_minmax_ops", "brin", NULL},
    {"pg_lsn_ops", "btree hash", NULL},
    {"point_ops", "gist", NULL},
    {"poly_ops", "gist spgist", NULL},
    {"quad_point_ops", "spgist", NULL},
    {"range_inclusion_ops", "brin", NULL},
    {"range_ops", "btree gist hash spgist", NULL},
    {"record_image_ops", "btree", NULL},
    {"record_ops", "btree hash", NULL},
    {"text_bloom_ops", "brin", NULL},
    {"text_minmax_ops", "brin", NULL},
    {"text_ops", "btree hash spgist", NULL},
    {"text_pattern_ops", "btree hash", NULL},
    {"tid_bloom_ops", "brin", NULL},
    {"tid_minmax_multi_ops", "brin", NULL},
    {"tid_minmax_ops", "brin", NULL},
    {"tid_ops", "btree hash", NULL},
    {"time_bloom_ops", "brin", NULL},
    {"time_minmax_multi_ops", "brin", NULL},
    {"time_minmax_ops", "brin", NULL},
    {"time_ops", "btree hash", NULL},
    {"timestamp_bloom_ops", "brin", NULL},
    {"timestamp_minmax_multi_ops", "brin", NULL},
    {"timestamp_minmax_ops", "brin", NULL},
    {"timestamp_ops", "btree hash", NULL},
    {"timestamptz_bloom_ops", "brin", NULL},
    {"timestamptz_minmax_multi_ops", "brin", NULL},
    {"timestamptz_minmax_ops", "brin", NULL},
    {"timestamptz_ops", "btree hash", NULL},
    {"timetz_bloom_ops", "brin", NULL},
    {"timetz_minmax_multi_ops", "brin", NULL},
    {"timetz_minmax_ops", "brin", NULL},
    {"timetz_ops", "btree hash", NULL},
    {"tsquery_ops", "btree gist", NULL},
    {"tsvector_ops", "btree gin gist", NULL},
    {"uuid_bloom_ops", "brin", NULL},
    {"uuid_minmax_multi_ops", "brin", NULL},
    {"uuid_minmax_ops", "brin", NULL},
    {"uuid_ops", "btree hash", NULL},
    {"varbit_minmax_ops", "brin", NULL},
    {"varbit_ops", "btree", NULL},
    {"varchar_ops", "btree hash", NULL},
    {"varchar_pattern_ops", "btree hash", NULL},
    {"xid8_ops", "btree hash", NULL},
    {"xid_ops", "hash", NULL},
};

/* Operator classes of extensions. The contrib ones come from the same server after CREATE
 * EXTENSION of each, listed by the extension that owns them (pg_depend deptype 'e'); vector
 * (pgvector 0.8) and postgis (3.x) from their install scripts. */
static const opclass of_extensions[] = {
    {"int4_ops", "bloom", "bloom"},
    {"text_ops", "bloom", "bloom"},
    {"bit_ops", "gin", "btree_gin"},
    {"bool_ops", "gin", "btree_gin"},
    {"bpchar_ops", "gin", "btree_gin"},
    {"bytea_ops", "gin", "btree_gin"},
    {"char_ops", "gin", "btree_gin"},
    {"cidr_ops", "gin", "btree_gin"},
    {"date_ops", "gin", "btree_gin"},
    {"enum_ops", "gin", "btree_gin"},
    {"float4_ops", "gin", "btree_gin"},
    {"float8_ops", "gin", "btree_gin"},
    {"inet_ops", "gin", "btree_gin"},
    {"int2_ops", "gin", "btree_gin"},
    {"int4_ops", "gin", "btree_gin"},
    {"int8_ops", "gin", "btree_gin"},
    {"interval_ops", "gin", "btree_gin"},
    {"macaddr8_ops", "gin", "btree_gin"},
    {"macaddr_ops", "gin", "btree_gin"},
    {"money_ops", "gin", "btree_gin"},
    {"name_ops", "gin", "btree_gin"},
    {"numeric_ops", "gin", "btree_gin"},
    {"oid_ops", "gin", "btree_gin"},
    {"text_ops", "gin", "btree_gin"},
    {"time_ops", "gin", "btree_gin"},
    {"timestamp_ops", "gin", "btree_gin"},
    {"timestamptz_ops", "gin", "btree_gin"},
    {"timetz_ops", "gin", "btree_gin"},
    {"uuid_ops", "gin", "btree_gin"},
    {"varbit_ops", "gin", "btree_gin"},
    {"varchar_ops", "gin", "btree_gin"},
    {"gist_bit_ops", "gist", "btree_gist"},
    {"gist_bool_ops", "gist", "btree_gist"},
    {"gist_bpchar_ops", "gist", "btree_gist"},
    {"gist_bytea_ops", "gist", "btree_gist"},
    {"gist_cash_ops", "gist", "btree_gist"},
    {"gist_cidr_ops", "gist", "btree_gist"},
    {"gist_date_ops", "gist", "btree_gist"},
    {"gist_enum_ops", "gist", "btree_gist"},
    {"gist_float4_ops", "gist", "btree_gist"},
    {"gist_float8_ops", "gist", "btree_gist"},
    {"gist_inet_ops", "gist", "btree_gist"},
    {"gist_int2_ops", "gist", "btree_gist"},
    {"gist_int4_ops", "gist", "btree_gist"},
    {"gist_int8_ops", "gist", "btree_gist"},
    {"gist_interval_ops", "gist", "btree_gist"},
    {"gist_macaddr8_ops", "gist", "btree_gist"},
    {"gist_macaddr_ops", "gist", "btree_gist"},
    {"gist_numeric_ops", "gist", "btree_gist"},
    {"gist_oid_ops", "gist", "btree_gist"},
    {"gist_text_ops", "gist", "btree_gist"},
    {"gist_time_ops", "gist", "btree_gist"},
    {"gist_timestamp_ops", "gist", "btree_gist"},
    {"gist_timestamptz_ops", "gist", "btree_gist"},
    {"gist_timetz_ops", "gist", "btree_gist"},
    {"gist_uuid_ops", "gist", "btree_gist"},
    {"gist_vbit_ops", "gist", "btree_gist"},
    {"citext_ops", "btree hash", "citext"},
    {"citext_pattern_ops", "btree", "citext"},
    {"cube_ops", "btree", "cube"},
    {"gist_cube_ops", "gist", "cube"},
    {"btree_hstore_ops", "btree", "hstore"},
    {"gin_hstore_ops", "gin", "hstore"},
    {"gist_hstore_ops", "gist", "hstore"},
    {"hash_hstore_ops", "hash", "hstore"},
    {"gin__int_ops", "gin", "intarray"},
    {"gist__int_ops", "gist", "intarray"},
    {"gist__intbig_ops", "gist", "intarray"},
    {"ean13_ops", "btree hash", "isn"},
    {"isbn13_ops", "btree hash", "isn"},
    {"isbn_ops", "btree hash", "isn"},
    {"ismn13_ops", "btree hash", "isn"},
    {"ismn_ops", "btree hash", "isn"},
    {"issn13_ops", "btree hash", "isn"},
    {"issn_ops", "btree hash", "isn"},
    {"upc_ops", "btree hash", "isn"},
    {"gist__ltree_ops", "gist", "ltree"},
    {"gist_ltree_ops", "gist", "ltree"},
    {"ltree_ops", "btree", "ltree"},
    {"gin_trgm_ops", "gin", "pg_trgm"},
    {"gist_trgm_ops", "gist", "pg_trgm"},
    {"gist_seg_ops", "gist", "seg"},
    {"seg_ops", "btree", "seg"},
    {"vector_ops", "btree", "vector"},
    {"vector_l2_ops", "hnsw ivfflat", "vector"},
    {"vector_ip_ops", "hnsw ivfflat", "vector"},
    {"vector_cosine_ops", "hnsw ivfflat", "vector"},
    {"vector_l1_ops", "hnsw", "vector"},
    {"bit_hamming_ops", "hnsw ivfflat", "vector"},
    {"bit_jaccard_ops", "hnsw", "vector"},
    {"halfvec_ops", "btree", "vector"},
    {"halfvec_l2_ops", "hnsw ivfflat", "vector"},
    {"halfvec_ip_ops", "hnsw ivfflat", "vector"},
    {"halfvec_cosine_ops", "hnsw ivfflat", "vector"},
    {"halfvec_l1_ops", "hnsw", "vector"},
    {"sparsevec_ops", "btree", "vector"},
    {"sparsevec_l2_ops", "hnsw", "vector"},
    {"sparsevec_ip_ops", "hnsw", "vector"},
    {"sparsevec_cosine_ops", "hnsw", "vector"},
    {"sparsevec_l1_ops", "hnsw", "vector"},
    {"btree_geometry_ops", "btree", "postgis"},
    {"hash_geometry_ops", "hash", "postgis"},
    {"gist_geometry_ops_2d", "gist", "postgis"},
    {"gist_geometry_ops_nd", "gist", "postgis"},
    {"brin_geometry_inclusion_ops_2d", "brin", "postgis"},
    {"brin_geometry_inclusion_ops_3d", "brin", "postgis"},
    {"brin_geometry_inclusion_ops_4d", "brin", "postgis"},
    {"spgist_geometry_ops_2d", "spgist", "postgis"},
    {"spgist_geometry_ops_3d", "spgist", "postgis"},
    {"spgist_geometry_ops_nd", "spgist", "postgis"},
    {"btree_geography_ops", "btree", "postgis"},
    {"gist_geography_ops", "gist", "postgis"},
    {"brin_geography_inclusion_ops", "brin", "postgis"},
    {"spgist_geography_ops_nd", "spgist", "postgis"},
};

/* Contrib extensions of PostgreSQL 15 that provide no operator class. */
static const char *const no_opclasses[] = {
    "adminpack",
    "amcheck",
    "autoinc",
    "dblink",
    "dict_int",
    "dict_xsyn",
    "earthdistance",
    "file_fdw",
    "fuzzystrmatch",
    "insert_username",
    "intagg",
    "lo",
    "moddatetime",
    "old_snapshot",
    "pageinspect",
    "pg_buffercache",
    "pg_freespacemap",
    "pg_prewarm",
    "pg_stat_statements",
    "pg_surgery",
    "pg_visibility",
    "pg_walinspect",
    "pgcrypto",
    "pgrowlocks",
    "pgstattuple",
    "plpgsql",
    "postgres_fdw",
    "refint",
    "sslinfo",
    "tablefunc",
    "tcn",
    "tsm_system_rows",
    "tsm_system_time",
    "unaccent",
    "uuid-ossp",
    "xml2",
};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

/* True when the space-separated list holds word. */
static bool
has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Appends "m1, m2 (extension e)" for entry o to b, after a separator when b is not empty. */
static void
describe(mg_sb *b, const opclass *o)
{
    if (b->len > 0)
        mg_sb_puts(b, ", ");
    for (const char *m = o->methods; *m; m++) {
        if (*m == ' ')
            mg_sb_puts(b, ", ");
        else
            mg_sb_putc(b, *m);
    }
    if (o->extension != NULL)
        mg_sb_printf(b, " (extension %s)", o->extension);
}

/* Looks name up in one table: the entry for method, else the other entries described into b. */
static const opclass *
find(const opclass *table, size_t n, const char *name, const char *method, mg_sb *b)
{
    const opclass *hit = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(table[i].name, name) != 0)
            continue;
        if (has_word(table[i].methods, method))
            hit = &table[i];
        else
            describe(b, &table[i]);
    }
    return hit;
}

mg_opclass_origin
mg_opclass_lookup(mg_arena *a, const char *name, const char *method, const char **extension,
                  const char **methods)
{
    mg_sb b;
    mg_sb_init(&b, a);
    *extension = NULL;
    *methods = NULL;
    if (find(builtin, COUNT(builtin), name, method, &b) != NULL)
        return MG_OPCLASS_BUILTIN;
    const opclass *o = find(of_extensions, COUNT(of_extensions), name, method, &b);
    if (o != NULL) {
        *extension = o->extension;
        return MG_OPCLASS_EXTENSION;
    }
    if (b.len == 0)
        return MG_OPCLASS_UNKNOWN;
    *methods = mg_sb_str(&b);
    return MG_OPCLASS_OTHER_METHOD;
}

bool
mg_opclass_extension_known(const char *extension)
{
    for (size_t i = 0; i < COUNT(of_extensions); i++)
        if (strcmp(of_extensions[i].extension, extension) == 0)
            return true;
    for (size_t i = 0; i < COUNT(no_opclasses); i++)
        if (strcmp(no_opclasses[i], extension) == 0)
            return true;
    return false;
}

const char *
mg_opclass_suggest(mg_arena *a, const char *name)
{
    const char **names =
        mg_arena_alloc(a, (COUNT(builtin) + COUNT(of_extensions) + 1) * sizeof(*names));
    size_t n = 0;
    for (size_t i = 0; i < COUNT(builtin); i++)
        names[n++] = builtin[i].name;
    for (size_t i = 0; i < COUNT(of_extensions); i++)
        names[n++] = of_extensions[i].name;
    names[n] = NULL;
    return mg_load_suggest(name, names, NULL);
}
