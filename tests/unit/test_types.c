/* migc tests: type normalisation.
 * Every alias, modifiers, arrays, refused types and the known-type lookup. */
#include <string.h>

#include "model.h"
#include "types.h"
#include "unit_check.h"

/* Checks that written normalises to want. */
static void
norm(check_ctx *c, mg_arena *a, const char *written, const char *want)
{
    const char *error = NULL;
    const char *got = mg_type_normalize(a, written, &error);
    CHECK_STR(c, got, want);
    if (got == NULL)
        fprintf(stderr, "  %s: %s\n", written, error ? error : "(no error)");
}

/* Checks that written is refused with an error containing want. */
static void
refused(check_ctx *c, mg_arena *a, const char *written, const char *want)
{
    const char *error = NULL;
    const char *got = mg_type_normalize(a, written, &error);
    CHECK(c, got == NULL);
    CHECK(c, error != NULL && strstr(error, want) != NULL);
    if (error == NULL || strstr(error, want) == NULL)
        fprintf(stderr, "  %s: got error \"%s\"\n", written, error ? error : "(null)");
}

/* Written spelling and its format_type name. */
static const char *const pairs[][2] = {
    {"int", "integer"},
    {"int4", "integer"},
    {"integer", "integer"},
    {"INTEGER", "integer"},
    {"int8", "bigint"},
    {"bigint", "bigint"},
    {"int2", "smallint"},
    {"smallint", "smallint"},
    {"bool", "boolean"},
    {"boolean", "boolean"},
    {"float4", "real"},
    {"real", "real"},
    {"float8", "double precision"},
    {"float", "double precision"},
    {"float(10)", "real"},
    {"float(30)", "double precision"},
    {"double  precision", "double precision"},
    {"varchar", "character varying"},
    {"varchar(255)", "character varying(255)"},
    {"VARCHAR ( 255 )", "character varying(255)"},
    {"character varying(20)", "character varying(20)"},
    {"char", "character(1)"},
    {"char(3)", "character(3)"},
    {"character(2)", "character(2)"},
    {"decimal(10,2)", "numeric(10,2)"},
    {"numeric(10, 2)", "numeric(10,2)"},
    {"numeric(5)", "numeric(5,0)"},
    {"numeric", "numeric"},
    {"decimal", "numeric"},
    {"timestamptz", "timestamp with time zone"},
    {"timestamp", "timestamp without time zone"},
    {"timestamp(3)", "timestamp(3) without time zone"},
    {"timestamptz(3)", "timestamp(3) with time zone"},
    {"timestamp with time zone", "timestamp with time zone"},
    {"timestamp(6) with time zone", "timestamp(6) with time zone"},
    {"time", "time without time zone"},
    {"timetz", "time with time zone"},
    {"time(2)", "time(2) without time zone"},
    {"time without time zone", "time without time zone"},
    {"bit", "bit(1)"},
    {"bit(8)", "bit(8)"},
    {"varbit", "bit varying"},
    {"varbit(4)", "bit varying(4)"},
    {"text", "text"},
    {"Text", "text"},
    {"uuid", "uuid"},
    {"jsonb", "jsonb"},
    {"interval", "interval"},
    {"user_status", "user_status"},
    {"geometry(Point,4326)", "geometry(Point,4326)"},
    {"GEOMETRY(Point, 4326)", "geometry(Point,4326)"},
    {"vector(3)", "vector(3)"},
};

static void
test_aliases(check_ctx *c, mg_arena *a)
{
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        norm(c, a, pairs[i][0], pairs[i][1]);
}

static void
test_arrays(check_ctx *c, mg_arena *a)
{
    norm(c, a, "text[]", "text[]");
    norm(c, a, "int[]", "integer[]");
    norm(c, a, "int4[][]", "integer[][]");
    norm(c, a, "varchar(10)[]", "character varying(10)[]");
    norm(c, a, "integer[3]", "integer[]");
    norm(c, a, "timestamptz(3) []", "timestamp(3) with time zone[]");
}

/* Normalising a normalised type gives it back (the diff re-reads what it wrote). */
static void
test_idempotent(check_ctx *c, mg_arena *a)
{
    static const char *const canon[] = {"integer",
                                        "character varying(255)",
                                        "character(1)",
                                        "numeric(10,2)",
                                        "timestamp(3) with time zone",
                                        "time without time zone",
                                        "double precision",
                                        "bit varying(4)",
                                        "geometry(Point,4326)",
                                        "text[]",
                                        "interval"};
    for (size_t i = 0; i < sizeof(canon) / sizeof(canon[0]); i++)
        norm(c, a, canon[i], canon[i]);
}

static void
test_refused(check_ctx *c, mg_arena *a)
{
    refused(c, a, "serial",
            "type serial is not supported; use `identity: always` (or by_default) "
            "on an integer column");
    refused(c, a, "bigserial", "on a bigint column");
    refused(c, a, "smallserial", "type smallserial is not supported");
    refused(c, a, "serial8", "not supported");
    refused(c, a, "int(4)", "takes no modifier");
    refused(c, a, "varchar(0)", "invalid length");
    refused(c, a, "varchar(x)", "invalid length");
    refused(c, a, "numeric(2,5)", "invalid numeric modifier");
    refused(c, a, "timestamp(7)", "want 0 to 6");
    refused(c, a, "text; drop table x", "malformed type");
    refused(c, a, "text[", "malformed type");
    refused(c, a, "varchar(10", "malformed type");
    refused(c, a, "", "malformed type");
}

static void
test_known(check_ctx *c, mg_arena *a)
{
    CHECK(c, mg_type_is_builtin("integer"));
    CHECK(c, mg_type_is_builtin("character varying(10)[]"));
    CHECK(c, mg_type_is_builtin("timestamp(3) with time zone"));
    CHECK(c, !mg_type_is_builtin("citext"));
    CHECK(c, !mg_type_is_builtin("user_status"));
    CHECK_STR(c, mg_type_extension("geometry(Point,4326)"), "postgis");
    CHECK_STR(c, mg_type_extension("isbn13"), "isn");
    CHECK_STR(c, mg_type_extension("halfvec(3)"), "vector");
    mg_schema s = {0};
    mg_settings st = {0};
    mg_enum e = {.name = "user_status"};
    mg_ext citext = {.name = "citext"};
    mg_vec_push(a, &s.enums, &e);
    mg_vec_push(a, &s.extensions, &citext);
    mg_vec_push(a, &st.external_types, "my_domain");
    CHECK(c, mg_type_known("user_status", &s, &st));
    CHECK(c, mg_type_known("user_status[]", &s, &st));
    CHECK(c, mg_type_known("citext", &s, &st));
    CHECK(c, mg_type_known("my_domain", &s, &st));
    CHECK(c, mg_type_known("text", NULL, NULL));
    CHECK(c, !mg_type_known("hstore", &s, &st));
    CHECK(c, !mg_type_known("geometry", &s, &st));
    CHECK(c, !mg_type_known("other_status", &s, &st));
}

/* User type names are spelled as format_type spells them: quoted when PostgreSQL would quote. */
static void
test_quoted_names(check_ctx *c, mg_arena *a)
{
    norm(c, a, "user", "\"user\"");
    norm(c, a, "ORDER[]", "\"order\"[]");
    norm(c, a, "\"Mood Kind\"", "\"Mood Kind\"");
    norm(c, a, "\"Mood Kind\"[]", "\"Mood Kind\"[]");
    norm(c, a, "\"mood\"", "mood");
    norm(c, a, "\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\"");
    norm(c, a, "\"café\"", "\"café\"");
    norm(c, a, "interval", "interval");
    norm(c, a, "user_status", "user_status");
    refused(c, a, "\"unclosed", "malformed type");
    refused(c, a, "\"\"", "malformed type");
    refused(c, a, "\"a\" b", "malformed type");
    CHECK(c, mg_type_names_enum("\"user\"", 6, "user"));
    CHECK(c, mg_type_names_enum("\"a\"\"b\"", 6, "a\"b"));
    CHECK(c, !mg_type_names_enum("user", 4, "user"));
    CHECK(c, mg_type_names_enum("mood", 4, "mood"));
}

/* Foreign key column types: PostgreSQL compares one btree operator family with the key's index. */
static void
test_fk_compat(check_ctx *c)
{
    CHECK(c, mg_type_fk_compat("bigint", "bigint") == MG_FK_SAME);
    CHECK(c, mg_type_fk_compat("bigint", "integer") == MG_FK_COMPATIBLE);
    CHECK(c, mg_type_fk_compat("integer", "bigint") == MG_FK_NARROWER);
    CHECK(c, mg_type_fk_compat("smallint", "integer") == MG_FK_NARROWER);
    CHECK(c, mg_type_fk_compat("character varying(20)", "text") == MG_FK_COMPATIBLE);
    CHECK(c, mg_type_fk_compat("text", "character(3)") == MG_FK_COMPATIBLE);
    CHECK(c, mg_type_fk_compat("integer", "uuid") == MG_FK_INCOMPATIBLE);
    CHECK(c, mg_type_fk_compat("text", "uuid") == MG_FK_INCOMPATIBLE);
    CHECK(c, mg_type_fk_compat("text[]", "text") == MG_FK_INCOMPATIBLE);
    CHECK(c, mg_type_fk_compat("numeric", "integer") == MG_FK_INCOMPATIBLE);
}

int
main(void)
{
    check_ctx c = {0};
    mg_arena a;
    mg_arena_init(&a);
    test_aliases(&c, &a);
    test_arrays(&c, &a);
    test_idempotent(&c, &a);
    test_refused(&c, &a);
    test_known(&c, &a);
    test_quoted_names(&c, &a);
    test_fk_compat(&c);
    mg_arena_free(&a);
    return check_summary(&c);
}
