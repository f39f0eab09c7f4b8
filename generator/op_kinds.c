/* migc generator: the descriptor table, one entry per row of op_kinds.h. */
#include "op_desc.h"

#define MG_OP_DESC(id, name, load, write, form, replay, hazard, lua)                               \
    [MG_OP_##id] = {name, &load, write, &form, replay, &hazard, lua},

const mg_op_desc mg_op_descs[MG_OP_COUNT] = {MG_OP_KINDS(MG_OP_DESC)};

#undef MG_OP_DESC
