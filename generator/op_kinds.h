/* migc generator: the operation kinds, one row each (as PostgreSQL's rmgrlist.h).
 * Each row names everything that describes a kind, in this order:
 *   ID       the enumerator's suffix (MG_OP_<ID>); the rows' order is the enum's, which revision
 *            checksums and generated code depend on: a new kind goes at the end
 *   name     the kind as revision files write it
 *   load     const struct mg_ld_spec (load_ops.c): its YAML keys, name fields and reader
 *   write    mg_op_writer (emit_ops.c): its keys in a revision file
 *   form     const struct mg_ck_form (checksum.c): its canonical form v1 (docs/checksum.md)
 *   replay   mg_op_replayer (replay*.c): the state change and the reverse operation
 *   hazard   const struct mg_hz_row (hazard_kinds.c): locks, scans, problems, the object named
 *   lua      MG_LUA_* bits (render_model.c): the field groups its template reads
 * Expand with a macro X of eight parameters: a row missing a facet does not compile, and a facet
 * named but not defined does not link (op_desc.h declares them all). */
#ifndef MIGC_OP_KINDS_H
#define MIGC_OP_KINDS_H

/* clang-format off */
#define MG_OP_KINDS(X)                                                                            \
    X(CREATE_EXTENSION, "create_extension", mg_ld_create_extension, mg_wr_create_extension,       \
      mg_ck_create_extension, mg_replay_extension_op, mg_hz_name,                                 \
      MG_LUA_NAMES)                                                                               \
    X(DROP_EXTENSION, "drop_extension", mg_ld_name, mg_wr_name,                                   \
      mg_ck_name, mg_replay_extension_op, mg_hz_name,                                             \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_ENUM, "create_enum", mg_ld_create_enum, mg_wr_enum,                                  \
      mg_ck_create_enum, mg_replay_enum_op, mg_hz_name,                                           \
      MG_LUA_NAMES | MG_LUA_ENUM | MG_LUA_COMMENT)                                                \
    X(DROP_ENUM, "drop_enum", mg_ld_name, mg_wr_name,                                             \
      mg_ck_name, mg_replay_enum_op, mg_hz_drop_name,                                             \
      MG_LUA_NAMES | MG_LUA_ENUM)                                                                 \
    X(RENAME_ENUM, "rename_enum", mg_ld_from_to, mg_wr_from_to,                                   \
      mg_ck_from_to, mg_replay_enum_op, mg_hz_rename,                                             \
      MG_LUA_NAMES)                                                                               \
    X(ADD_ENUM_VALUE, "add_enum_value", mg_ld_add_enum_value, mg_wr_enum,                         \
      mg_ck_add_enum_value, mg_replay_enum_op, mg_hz_add_enum_value,                              \
      MG_LUA_NAMES | MG_LUA_ENUM)                                                                 \
    X(RENAME_ENUM_VALUE, "rename_enum_value", mg_ld_rename_enum_value, mg_wr_enum,                \
      mg_ck_rename_enum_value, mg_replay_enum_op, mg_hz_rename_enum_value,                        \
      MG_LUA_NAMES | MG_LUA_ENUM)                                                                 \
    X(REMOVE_ENUM_VALUE, "remove_enum_value", mg_ld_remove_enum_value, mg_wr_enum,                \
      mg_ck_remove_enum_value, mg_replay_enum_op, mg_hz_remove_enum_value,                        \
      MG_LUA_NAMES | MG_LUA_ENUM)                                                                 \
    X(CREATE_TABLE, "create_table", mg_ld_create_table, mg_wr_create_table,                       \
      mg_ck_create_table, mg_replay_create_table, mg_hz_create_table,                             \
      MG_LUA_NAMES | MG_LUA_TABLE)                                                                \
    X(DROP_TABLE, "drop_table", mg_ld_name, mg_wr_name,                                           \
      mg_ck_name, mg_replay_drop_table, mg_hz_drop_table,                                         \
      MG_LUA_NAMES | MG_LUA_TABLE)                                                                \
    X(RENAME_TABLE, "rename_table", mg_ld_from_to, mg_wr_from_to,                                 \
      mg_ck_from_to, mg_replay_rename_table, mg_hz_rename_table,                                  \
      MG_LUA_NAMES)                                                                               \
    X(ADD_COLUMN, "add_column", mg_ld_add_column, mg_wr_column,                                   \
      mg_ck_add_column, mg_replay_add_column, mg_hz_add_column,                                   \
      MG_LUA_NAMES | MG_LUA_COLUMN)                                                               \
    X(DROP_COLUMN, "drop_column", mg_ld_table_name, mg_wr_column,                                 \
      mg_ck_table_name, mg_replay_drop_column, mg_hz_drop_column,                                 \
      MG_LUA_NAMES | MG_LUA_COLUMN)                                                               \
    X(RENAME_COLUMN, "rename_column", mg_ld_table_from_to, mg_wr_column,                          \
      mg_ck_table_from_to, mg_replay_rename_column, mg_hz_rename_column,                       \
      MG_LUA_NAMES)                                                                               \
    X(ALTER_COLUMN, "alter_column", mg_ld_alter_column, mg_wr_column,                             \
      mg_ck_alter_column, mg_replay_alter_column, mg_hz_alter_column,                             \
      MG_LUA_NAMES | MG_LUA_ALTER)                                                                \
    X(SET_PRIMARY_KEY, "set_primary_key", mg_ld_set_primary_key, mg_wr_object,                    \
      mg_ck_key, mg_replay_pk_op, mg_hz_set_primary_key,                                          \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(DROP_PRIMARY_KEY, "drop_primary_key", mg_ld_table, mg_wr_table,                             \
      mg_ck_table, mg_replay_pk_op, mg_hz_drop_primary_key,                                       \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(ADD_UNIQUE, "add_unique", mg_ld_add_unique, mg_wr_object,                                   \
      mg_ck_key, mg_replay_unique_op, mg_hz_add_unique,                                           \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(DROP_UNIQUE, "drop_unique", mg_ld_table_name, mg_wr_object,                                 \
      mg_ck_table_name, mg_replay_unique_op, mg_hz_table_object,                                  \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(ADD_CHECK, "add_check", mg_ld_add_check, mg_wr_object,                                      \
      mg_ck_add_check, mg_replay_check_op, mg_hz_add_check,                                       \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(DROP_CHECK, "drop_check", mg_ld_table_name, mg_wr_object,                                   \
      mg_ck_table_name, mg_replay_check_op, mg_hz_table_object,                                   \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(ADD_FOREIGN_KEY, "add_foreign_key", mg_ld_add_foreign_key, mg_wr_object,                    \
      mg_ck_add_foreign_key, mg_replay_fk_op, mg_hz_add_foreign_key,                              \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(DROP_FOREIGN_KEY, "drop_foreign_key", mg_ld_table_name, mg_wr_object,                       \
      mg_ck_table_name, mg_replay_fk_op, mg_hz_drop_foreign_key,                                  \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(CREATE_INDEX, "create_index", mg_ld_create_index, mg_wr_object,                             \
      mg_ck_create_index, mg_replay_index_op, mg_hz_create_index,                                 \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(DROP_INDEX, "drop_index", mg_ld_drop_index, mg_wr_drop_index,                               \
      mg_ck_drop_index, mg_replay_index_op, mg_hz_drop_index,                                     \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(RENAME_CONSTRAINT, "rename_constraint", mg_ld_table_from_to, mg_wr_table_from_to,           \
      mg_ck_table_from_to, mg_replay_rename_object, mg_hz_table_rename,                           \
      MG_LUA_NAMES)                                                                               \
    X(RENAME_INDEX, "rename_index", mg_ld_table_from_to, mg_wr_table_from_to,                     \
      mg_ck_table_from_to, mg_replay_rename_object, mg_hz_rename_index,                           \
      MG_LUA_NAMES)                                                                               \
    X(SET_COMMENT, "set_comment", mg_ld_set_comment, mg_wr_set_comment,                           \
      mg_ck_set_comment, mg_replay_set_comment, mg_hz_set_comment,                                \
      MG_LUA_NAMES | MG_LUA_ENUM | MG_LUA_COMMENT)                                                \
    X(SQL, "sql", mg_ld_sql, mg_wr_sql,                                                           \
      mg_ck_sql, mg_replay_sql, mg_hz_sql,                                                        \
      MG_LUA_SQL)                                                                                 \
    X(VALIDATE_CONSTRAINT, "validate_constraint", mg_ld_table_name, mg_wr_table_name,             \
      mg_ck_table_name, mg_replay_validate, mg_hz_validate_constraint,                         \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_SEQUENCE, "create_sequence", mg_ld_create_sequence, mg_wr_sequence,                  \
      mg_ck_create_sequence, mg_replay_seq_op, mg_hz_name,                                        \
      MG_LUA_NAMES | MG_LUA_SEQ)                                                                  \
    X(DROP_SEQUENCE, "drop_sequence", mg_ld_name, mg_wr_sequence,                                 \
      mg_ck_name, mg_replay_seq_op, mg_hz_drop_name,                                              \
      MG_LUA_NAMES | MG_LUA_SEQ)                                                                  \
    X(ALTER_SEQUENCE, "alter_sequence", mg_ld_alter_sequence, mg_wr_sequence,                     \
      mg_ck_alter_sequence, mg_replay_seq_op, mg_hz_name,                                         \
      MG_LUA_NAMES | MG_LUA_SEQ)                                                                  \
    X(RENAME_SEQUENCE, "rename_sequence", mg_ld_from_to, mg_wr_sequence,                          \
      mg_ck_from_to, mg_replay_seq_op, mg_hz_rename,                                              \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_DOMAIN, "create_domain", mg_ld_create_domain, mg_wr_domain,                          \
      mg_ck_create_domain, mg_replay_domain_op, mg_hz_name,                                       \
      MG_LUA_NAMES | MG_LUA_DOMAIN)                                                               \
    X(DROP_DOMAIN, "drop_domain", mg_ld_name, mg_wr_domain,                                       \
      mg_ck_name, mg_replay_domain_op, mg_hz_name,                                                \
      MG_LUA_NAMES | MG_LUA_DOMAIN)                                                               \
    X(ALTER_DOMAIN, "alter_domain", mg_ld_alter_domain, mg_wr_domain,                             \
      mg_ck_alter_domain, mg_replay_domain_op, mg_hz_name,                                        \
      MG_LUA_NAMES | MG_LUA_DOMAIN)                                                               \
    X(RENAME_DOMAIN, "rename_domain", mg_ld_from_to, mg_wr_domain,                                \
      mg_ck_from_to, mg_replay_domain_op, mg_hz_rename,                                           \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_TYPE, "create_type", mg_ld_create_type, mg_wr_domain,                                \
      mg_ck_create_type, mg_replay_ctype_op, mg_hz_name,                                          \
      MG_LUA_NAMES | MG_LUA_CTYPE)                                                                \
    X(DROP_TYPE, "drop_type", mg_ld_name, mg_wr_domain,                                           \
      mg_ck_name, mg_replay_ctype_op, mg_hz_name,                                                 \
      MG_LUA_NAMES | MG_LUA_CTYPE)                                                                \
    X(ALTER_TYPE, "alter_type", mg_ld_alter_type, mg_wr_domain,                                   \
      mg_ck_alter_type, mg_replay_ctype_op, mg_hz_name,                                           \
      MG_LUA_NAMES | MG_LUA_CTYPE)                                                                \
    X(RENAME_TYPE, "rename_type", mg_ld_from_to, mg_wr_domain,                                    \
      mg_ck_from_to, mg_replay_ctype_op, mg_hz_rename,                                            \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_FUNCTION, "create_function", mg_ld_function, mg_wr_function,                         \
      mg_ck_function, mg_replay_func_op, mg_hz_name,                                              \
      MG_LUA_NAMES | MG_LUA_FUNC)                                                                 \
    X(DROP_FUNCTION, "drop_function", mg_ld_drop_function, mg_wr_name,                            \
      mg_ck_name, mg_replay_func_op, mg_hz_name,                                                  \
      MG_LUA_NAMES | MG_LUA_FUNC)                                                                 \
    X(ALTER_FUNCTION, "alter_function", mg_ld_function, mg_wr_function,                           \
      mg_ck_function, mg_replay_func_op, mg_hz_name,                                              \
      MG_LUA_NAMES | MG_LUA_FUNC)                                                                 \
    X(RENAME_FUNCTION, "rename_function", mg_ld_rename_function, mg_wr_from_to,                   \
      mg_ck_from_to, mg_replay_func_op, mg_hz_rename,                                             \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_TRIGGER, "create_trigger", mg_ld_trigger, mg_wr_trigger,                             \
      mg_ck_trigger, mg_replay_trigger_op, mg_hz_trigger,                                         \
      MG_LUA_NAMES | MG_LUA_TRIGGER)                                                              \
    X(DROP_TRIGGER, "drop_trigger", mg_ld_table_name, mg_wr_table_name,                           \
      mg_ck_table_name, mg_replay_trigger_op, mg_hz_table_object,                                 \
      MG_LUA_NAMES | MG_LUA_TRIGGER)                                                              \
    X(ALTER_TRIGGER, "alter_trigger", mg_ld_trigger, mg_wr_trigger,                               \
      mg_ck_trigger, mg_replay_trigger_op, mg_hz_trigger,                                         \
      MG_LUA_NAMES | MG_LUA_TRIGGER)                                                              \
    X(RENAME_TRIGGER, "rename_trigger", mg_ld_table_from_to, mg_wr_table_from_to,                 \
      mg_ck_table_from_to, mg_replay_trigger_op, mg_hz_table_rename,                              \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_VIEW, "create_view", mg_ld_create_view, mg_wr_view,                                  \
      mg_ck_create_view, mg_replay_view_op, mg_hz_name,                                           \
      MG_LUA_NAMES | MG_LUA_VIEW)                                                                 \
    X(DROP_VIEW, "drop_view", mg_ld_name, mg_wr_name,                                             \
      mg_ck_name, mg_replay_view_op, mg_hz_name,                                                  \
      MG_LUA_NAMES | MG_LUA_VIEW)                                                                 \
    X(ALTER_VIEW, "alter_view", mg_ld_alter_view, mg_wr_view,                                     \
      mg_ck_alter_view, mg_replay_view_op, mg_hz_name,                                            \
      MG_LUA_NAMES | MG_LUA_VIEW)                                                                 \
    X(RENAME_VIEW, "rename_view", mg_ld_from_to, mg_wr_view,                                      \
      mg_ck_from_to, mg_replay_view_op, mg_hz_rename,                                             \
      MG_LUA_NAMES)                                                                               \
    X(CREATE_MATERIALIZED_VIEW, "create_materialized_view", mg_ld_create_view, mg_wr_view,        \
      mg_ck_create_view, mg_replay_view_op, mg_hz_name,                                           \
      MG_LUA_NAMES | MG_LUA_VIEW)                                                                 \
    X(DROP_MATERIALIZED_VIEW, "drop_materialized_view", mg_ld_name, mg_wr_name,                   \
      mg_ck_name, mg_replay_view_op, mg_hz_name,                                                  \
      MG_LUA_NAMES | MG_LUA_VIEW)                                                                 \
    X(RENAME_MATERIALIZED_VIEW, "rename_materialized_view", mg_ld_from_to, mg_wr_view,            \
      mg_ck_from_to, mg_replay_view_op, mg_hz_rename,                                             \
      MG_LUA_NAMES)                                                                               \
    X(ALTER_TABLE, "alter_table", mg_ld_alter_storage, mg_wr_alter_storage,                       \
      mg_ck_alter_storage, mg_replay_storage_op, mg_hz_alter_table,                               \
      MG_LUA_NAMES | MG_LUA_STORAGE)                                                              \
    X(ALTER_INDEX, "alter_index", mg_ld_alter_storage, mg_wr_alter_storage,                       \
      mg_ck_alter_storage, mg_replay_storage_op, mg_hz_alter_index,                               \
      MG_LUA_NAMES | MG_LUA_STORAGE)                                                              \
    X(ADD_EXCLUSION, "add_exclusion", mg_ld_add_exclusion, mg_wr_object,                          \
      mg_ck_add_exclusion, mg_replay_excl_op, mg_hz_add_exclusion,                                \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)                                                           \
    X(DROP_EXCLUSION, "drop_exclusion", mg_ld_table_name, mg_wr_object,                           \
      mg_ck_table_name, mg_replay_excl_op, mg_hz_table_object,                                    \
      MG_LUA_NAMES | MG_LUA_CONSTRAINT)
/* clang-format on */

#endif
