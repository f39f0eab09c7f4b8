/* migc tests: revision checksums, the v1 canonical form and the legacy digest.
 * Pins every test vector of docs/checksum.md and checks that the document holds the same ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "load.h"
#include "replay.h"
#include "unit_check.h"

#define VECTORS "pipeline/checksum_vectors"
#define RESTYLED "pipeline/checksum_restyled"

/* One vector: a revision file of VECTORS, its v1 checksum and the legacy one (as computed by the
 * release before v1), and, for some, the canonical form written out in the document. */
typedef struct vector {
    const char *id;
    const char *v1;
    const char *legacy;
    const char *form;
} vector;

static const vector vectors[] = {
    {"0001_create_accounts", "v1:ba02ebd10ace87487d7ee6e2eed6a7283b9aa006473dcf4d6d4e3841d52ce480",
     "cf521c91b823e7cfea546ac19cce9ba8e4ca20c07b53d1902e0fda1c4fbf4954", NULL},
    {"0002_backfill", "v1:2722945193663256a208d0fce30aec79974e2f6f93800441110fa9f23593becb",
     "9eb57dac028f7502042d5fa8e9eedda60b3c63b23015937e883779200e973d91", NULL},
    {"0003_relax_display", "v1:392695927c31c6df79ab0849b0f6314006d1a9fa8ea0ad8a1c678a5b1842d8f0",
     "e04859d9c4c043b8fee50a1586575124702f09ede41a9450812c341455441796",
     "s7:migc.v1l3:"
     "r1:s12:alter_columnr4:s5:tables8:accountss4:names7:displays8:nullablets7:defaultn"
     "r1:s11:set_commentr3:s5:tables8:accountss6:columns7:displays7:commentn"
     "r1:s12:create_indexr10:s5:tables8:accountss4:names20:accounts_display_keys7:columnsl1:"
     "s7:displays10:expressionns6:uniquets6:methods5:btrees7:opclassl0:s7:includel0:s5:wherens12:"
     "concurrentlyf"},
    {"0004_account_status", "v1:97eee57f3c046a3882d3cddac64f3df3fe25a1246f66f70fd46ef3d13eeb4714",
     "09c6f25de32d5a7c968e86d859d04b98262081a19d4b47592a9570030ea78593", NULL},
    {"0005_sessions", "v1:df167eb1c72b96cd2fdca73c75f4060641313b128514e7e2f8fc7be22bb0aa83",
     "9d151d2c09129423576250e863cf0b214fa8af9d0a25ab2613094ab83e32678d", NULL},
    {"0006_empty", "v1:2e9880e8206eee5939bad6399e9816b6398b4501ed0405521a1bdb110092757a",
     "d3b00619a795afac51538b06a376ec0dba7d9918f58af8dfd9e75ff4d9c41122", "s7:migc.v1l0:"},
    {"0007_retype", "v1:9fa3201270b9e8fa479b91a74a4978999c9097fc26963d0732213388cb5724b7",
     "9b07afe2805a0819fc4cde993c29860a35c6c63642218733cd3a9b67bfcda40e",
     "s7:migc.v1l3:"
     "r1:s12:alter_columnr5:s5:tables8:accountss4:names12:display_names4:types21:character "
     "varying(80)s5:usingns10:down_usings18:display_name::text"
     "r1:s10:add_columnr7:s5:tables8:accountss4:names9:legacy_ids4:types7:integers8:nullablets7:"
     "defaultns8:identityns7:commentn"
     "r1:s12:alter_columnr5:s5:tables8:accountss4:names9:legacy_ids4:types4:uuids5:usings10:"
     "NULL::uuids12:irreversiblet"},
    {"0008_online_halves", "v1:2ae9498be2c915e918ad99a1410f165bba6c1d465165bb190b460a711fdf9436",
     "61dd9a78da625c26c5a2dc53a0f3f24a62c88a8004fe475ad4283b2496df8db6", NULL},
    {"0009_drop_concurrently",
     "v1:ad2c3f40107bf7a83356726d4805ed9a88960754ec445eaa358f27e9b96c4a03",
     "e74fd58111c015c119a18dcd22f4cf9ef277d9089f252d8420ac8e03247ff37c",
     "s7:migc.v1l1:r1:s10:drop_indexr2:s4:names20:accounts_created_idxs12:concurrentlyt"},
    {"0010_columns_more", "v1:6d138ec9d0dfba0257e55b613890cce2528eef098469122e18ccb88aa22ead42",
     "28d302d9ea87d7c7d844a0b01f0cea23f6a0c4da8ebb777eb961a749aa42857c", NULL},
    {"0011_partitions", "v1:eb8178a570f55c2db4d009c352f80a48ab17e9f163ac0ebe3f2c220850ad502d",
     "dc9139a7d522b6cd6d89e7c5747e65adcf0056d5a005524d2b3cbaed9aa33916", NULL},
    {"0012_storage_params", "v1:57d5fc18184fd8ff4a292584d18bd679abca6499eb747f03aaaeee4806f35ebb",
     "0cb66d754029b24fc576d1255424bb4608ba5a45acb6b8ef32fb438f46f93d0c",
     "s7:migc.v1l5:r1:s12:create_tabler9:s4:names6:eventss7:columnsl1:r6:s4:names2:ids4:types6:"
     "bigints8:nullablefs7:defaultns8:identityns7:commentns11:primary_keyns6:uniquel0:s6:checksl0:"
     "s12:foreign_keysl0:s7:indexesl0:s7:commentns4:withl2:r2:s4:names10:fillfactors5:values2:70"
     "r2:s4:names18:autovacuum_enableds5:values5:false"
     "r1:s12:create_indexr11:s5:tables6:eventss4:names13:events_id_idxs7:columnsl1:s2:ids10:"
     "expressionns6:uniquefs6:methods5:btrees7:opclassl0:s7:includel0:s5:wherens12:concurrentlyf"
     "s4:withl1:r2:s4:names10:fillfactors5:values2:90"
     "r1:s11:alter_tabler3:s4:names8:accountss3:setl1:r2:s4:names10:fillfactors5:values2:80s5:"
     "resetl0:"
     "r1:s11:alter_tabler3:s4:names6:eventss3:setl1:r2:s4:names10:fillfactors5:values2:60s5:"
     "resetl1:s18:autovacuum_enabled"
     "r1:s11:alter_indexr3:s4:names13:events_id_idxs3:setl0:s5:resetl1:s10:fillfactor"},
    {"0013_constraint_comments",
     "v1:cb3c47919196c2623f2ba89eb937f304d292d7e9a90513aa1313ccadf139cfe3",
     "49d1fe61b5d3fc63da7932036ec61f805c4b76cf9dde1c07578f6882a1d77180",
     "s7:migc.v1l3:r1:s9:add_checkr4:s5:tables6:eventss4:names13:events_id_poss10:expressions6:"
     "id > 0s7:comments8:Positiver1:s15:set_primary_keyr4:s5:tables6:eventss4:names11:events_pkey"
     "s7:columnsl1:s2:ids7:comments7:The keyr1:s11:set_commentr4:s5:tables6:eventss6:columnns7:"
     "commentns10:constraints13:events_id_pos"},
    {"0014_enum_comments", "v1:368d0f3869d0f835c1ba20c188f632f74e9c3f8ab8ba20871b3dd376e20fb0bf",
     "cdc8d4e95d41d1d7ad4b279ae5f222c966726bc36e2daab45e41d81808fe84e8",
     "s7:migc.v1l2:r1:s11:create_enumr3:s4:names5:levels6:valuesl2:s3:lows4:highs7:comments8:"
     "How muchr1:s11:set_commentr4:s5:tablens6:columnns7:commentns4:enums5:level"},
    {"0015_exclusions", "v1:ad2b47dedda6fc1418676252491ea9c079c1d08a5196f5ffc9855443a0b0d900",
     "aa47399e5745939a1d0334b10578c46795f8e8b49923a2a0a59bbbfc280da2ed", NULL},
};

enum { N_VECTORS = sizeof vectors / sizeof vectors[0] };

/* A module loaded and replayed in its own arena. */
typedef struct replayed {
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_vec plans; /* mg_rev_plan * */
    int rc;
} replayed;

static void
replay(replayed *r, const char *dir)
{
    mg_schema *state = NULL;
    mg_arena_init(&r->a);
    mg_diag_init(&r->d, &r->a);
    r->plans = (mg_vec){0};
    r->rc = mg_load_module(&r->a, dir, &r->m, &r->d);
    if (r->rc == 0)
        r->rc = mg_replay_module(&r->a, &r->m, &state, &r->plans, &r->d);
    if (r->rc != 0)
        mg_diag_print(&r->d, stderr);
}

/* The operations of revision i, as loaded. */
static const mg_vec *
ops_of(const replayed *r, size_t i)
{
    return &((const mg_revision *)r->m.revisions.items[i])->ops;
}

/* Every vector's v1 and legacy checksum, and the forms the document writes out. */
static void
test_vectors(check_ctx *c)
{
    replayed r;
    replay(&r, VECTORS);
    CHECK(c, r.rc == 0 && r.plans.len == N_VECTORS);
    for (size_t i = 0; r.rc == 0 && i < N_VECTORS && i < r.m.revisions.len; i++) {
        char sum[MG_CHECKSUM_SIZE], hex[65];
        CHECK_STR(c, ((const mg_revision *)r.m.revisions.items[i])->id, vectors[i].id);
        mg_checksum_v1(&r.a, ops_of(&r, i), sum);
        CHECK_STR(c, sum, vectors[i].v1);
        mg_checksum_legacy(&r.a, ops_of(&r, i), hex);
        CHECK_STR(c, hex, vectors[i].legacy);
        if (vectors[i].form != NULL) {
            mg_sb b;
            mg_sb_init(&b, &r.a);
            mg_checksum_form(&b, ops_of(&r, i));
            CHECK_STR(c, mg_sb_str(&b), vectors[i].form);
        }
    }
    mg_arena_free(&r.a);
}

/* The same operations in flow or block style, other quoting, key order and spellings. */
static void
test_restyled(check_ctx *c)
{
    replayed r;
    replay(&r, RESTYLED);
    CHECK(c, r.rc == 0 && r.plans.len == N_VECTORS);
    for (size_t i = 0; r.rc == 0 && i < N_VECTORS && i < r.m.revisions.len; i++) {
        char sum[MG_CHECKSUM_SIZE];
        mg_checksum_v1(&r.a, ops_of(&r, i), sum);
        CHECK_STR(c, sum, vectors[i].v1);
    }
    mg_arena_free(&r.a);
}

/* v1 of one operation. */
static const char *
v1_of(mg_arena *a, mg_op *op)
{
    mg_vec ops = {0};
    char *sum = mg_arena_alloc(a, MG_CHECKSUM_SIZE);
    mg_vec_push(a, &ops, op);
    mg_checksum_v1(a, &ops, sum);
    return sum;
}

static mg_op *
new_op(mg_arena *a, mg_op_kind kind)
{
    mg_op *op = mg_arena_alloc(a, sizeof *op);
    op->kind = kind;
    return op;
}

/* Checks that x and y, one operation each, have different v1 digests. */
static void
check_differ(check_ctx *c, mg_arena *a, mg_op *x, mg_op *y)
{
    CHECK(c, strcmp(v1_of(a, x), v1_of(a, y)) != 0);
}

/* Values that a text form could confuse give different digests: null and "", null and "n",
 * where one string ends and the next begins, list items, "not given" and null. */
static void
test_unambiguous(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_op *x = new_op(&a, MG_OP_SQL), *y = new_op(&a, MG_OP_SQL);
    x->sql_up = y->sql_up = "SELECT 1";
    y->sql_down = "";
    check_differ(c, &a, x, y);
    x = new_op(&a, MG_OP_SET_COMMENT);
    y = new_op(&a, MG_OP_SET_COMMENT);
    x->table = y->table = "t";
    y->comment = "n";
    check_differ(c, &a, x, y);
    x = new_op(&a, MG_OP_DROP_COLUMN);
    y = new_op(&a, MG_OP_DROP_COLUMN);
    x->table = "ab";
    x->name = "c";
    y->table = "a";
    y->name = "bc";
    check_differ(c, &a, x, y);
    x = new_op(&a, MG_OP_CREATE_ENUM);
    y = new_op(&a, MG_OP_CREATE_ENUM);
    x->name = y->name = "e";
    mg_vec_push(&a, &x->values, "a, b");
    mg_vec_push(&a, &y->values, "a");
    mg_vec_push(&a, &y->values, "b");
    check_differ(c, &a, x, y);
    x = new_op(&a, MG_OP_ALTER_COLUMN);
    y = new_op(&a, MG_OP_ALTER_COLUMN);
    x->table = y->table = "t";
    x->name = y->name = "c";
    x->nullable_set = y->nullable_set = true;
    y->default_set = true; /* default: null drops the default; x leaves it as it is */
    check_differ(c, &a, x, y);
    mg_arena_free(&a);
}

/* The form of one operation. */
static const char *
form_of(mg_arena *a, mg_op *op)
{
    mg_vec ops = {0};
    mg_sb b;
    mg_sb_init(&b, a);
    mg_vec_push(a, &ops, op);
    mg_checksum_form(&b, &ops);
    return mg_sb_str(&b);
}

/* An exclusion constraint's comment is written last and only when given: without one the
 * record is as before (vector 15's digests stay), with one the digest differs. */
static void
test_excl_comment(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_exclusion x = {.name = "ex", .method = "gist", .where = NULL};
    mg_vec_push(&a, &x.elements, "at WITH &&");
    mg_op *op = new_op(&a, MG_OP_ADD_EXCLUSION);
    op->table = "t";
    op->excl = &x;
    const char *plain = form_of(&a, op), *plain_v1 = v1_of(&a, op);
    CHECK_STR(c, plain,
              "s7:migc.v1l1:r1:s13:add_exclusionr5:s5:tables1:ts4:names2:exs5:usings4:gists8:"
              "elementsl1:s10:at WITH &&s5:wheren");
    x.comment = "No overlap";
    CHECK_STR(c, form_of(&a, op),
              "s7:migc.v1l1:r1:s13:add_exclusionr6:s5:tables1:ts4:names2:exs5:usings4:gists8:"
              "elementsl1:s10:at WITH &&s5:wherens7:comments10:No overlap");
    CHECK(c, strcmp(v1_of(&a, op), plain_v1) != 0);
    mg_arena_free(&a);
}

/* The whole of path as a NUL-terminated string (caller frees), or NULL. */
static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long len;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)len + 1)) != NULL) {
        text[fread(text, 1, (size_t)len, f)] = '\0';
    }
    fclose(f);
    return text;
}

/* docs/checksum.md holds every vector: the revision file verbatim, its digests and forms. */
static void
test_document(check_ctx *c)
{
    const char *src = getenv("MIGC_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/checksum.md", src ? src : "../..");
    char *doc = slurp(path);
    CHECK(c, doc != NULL);
    for (size_t i = 0; doc != NULL && i < N_VECTORS; i++) {
        char file[256];
        snprintf(file, sizeof file, VECTORS "/revisions/%s.yaml", vectors[i].id);
        char *text = slurp(file);
        CHECK(c, text != NULL && strstr(doc, text) != NULL);
        CHECK(c, strstr(doc, vectors[i].v1) != NULL);
        CHECK(c, strstr(doc, vectors[i].legacy) != NULL);
        if (vectors[i].form != NULL)
            CHECK(c, strstr(doc, vectors[i].form) != NULL);
        free(text);
    }
    free(doc);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_vectors(&c);
    test_restyled(&c);
    test_unambiguous(&c);
    test_excl_comment(&c);
    test_document(&c);
    return check_summary(&c);
}
