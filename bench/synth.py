#!/usr/bin/env python3
"""migc benchmark: a deterministic synthetic migration history.

Writes a migc module whose history grows, over R revisions, to about T tables of about C
columns with indexes, CHECK constraints, unique constraints and foreign keys. Each revision
is made the way a developer makes one: schema.yaml is rewritten to the next state and
`migc diff` writes the revision (and regenerates generated/). The same operations are also
written as an Alembic project (one migration per revision) so both tools run one workload.

Usage: synth.py --migc PATH --out DIR [--alembic DIR] [--revisions R] [--tables T]
                [--columns C] [--name NAME]
DIR/module receives the module, DIR/next_schema.yaml the state of one revision more.
Nothing here is random: the same sizes give the same files.
"""
import argparse
import os
import subprocess
import sys

TYPES = [  # (migc type, SQLAlchemy type, CHECK-able number)
    ("integer", "sa.Integer()", True),
    ("text", "sa.Text()", False),
    ("numeric(12,2)", "sa.Numeric(12, 2)", True),
    ("boolean", "sa.Boolean()", False),
    ("timestamptz", "sa.DateTime(timezone=True)", False),
    ("bigint", "sa.BigInteger()", True),
    ("varchar(64)", "sa.String(64)", False),
    ("date", "sa.Date()", False),
    ("double precision", "sa.Float(precision=53)", True),
    ("smallint", "sa.SmallInteger()", True),
]


class Column:
    def __init__(self, name, typ, nullable=False, default=None, identity=False, ref=None):
        self.name, self.typ, self.nullable = name, typ, nullable
        self.default, self.identity, self.ref = default, identity, ref


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = []
        self.checks = []  # (name, expression)
        self.indexes = []  # (name, [columns], unique)
        self.uniques = []  # (name, [columns])


def table_name(i):
    return "t%04d" % i


def new_table(i, ncols):
    """Table i as created: id, name, created_at, an optional parent reference, typed columns."""
    t = Table(table_name(i))
    t.columns.append(Column("id", "bigint", identity=True))
    t.columns.append(Column("name", "varchar(100)"))
    t.columns.append(Column("created_at", "timestamptz", default="now()"))
    if i > 0:
        parent = table_name((i * 7) % i if i > 1 else 0)
        t.columns.append(Column("parent_id", "bigint", nullable=True, ref=parent))
    k = 0
    while len(t.columns) < max(ncols, 6):
        typ = TYPES[(i + k) % len(TYPES)]
        col = Column("c%02d" % (k + 1), typ[0], nullable=(k % 3 == 2))
        if typ[0] == "integer" or typ[0] == "bigint":
            col.default = "0"
        t.columns.append(col)
        if typ[2] and len(t.checks) < 2:
            t.checks.append(("%s_%s_chk" % (t.name, col.name), "%s >= 0" % col.name))
        k += 1
    t.uniques.append(("%s_name_key" % t.name, ["name"]))
    t.indexes.append(("%s_created_idx" % t.name, ["created_at"], False))
    t.indexes.append(("%s_c01_c02_idx" % t.name, ["c01", "c02"], False))
    return t


def plan(revisions, tables, columns):
    """Per revision: tables created and alterations [(table index, column, index, check)]."""
    out = []
    made = 0
    per_rev_alter = max(1, tables // max(revisions, 1))
    for r in range(revisions):
        upto = (r + 1) * tables // revisions
        creates = list(range(made, upto))
        alters = []
        if made > 0:
            for k in range(per_rev_alter):
                alters.append(((r * 7 + k * 13) % made, "x%03d_%d" % (r + 1, k)))
        out.append((creates, alters))
        made = upto
    return out


def apply_rev(state, creates, alters, columns):
    """Applies one revision's plan to state (dict name -> Table, insertion ordered)."""
    ops = []
    for i in creates:
        t = new_table(i, columns - 1)
        state[t.name] = t
        ops.append(("create_table", t))
    for ti, cname in alters:
        t = state[table_name(ti)]
        col = Column(cname, "integer", nullable=True)
        t.columns.append(col)
        idx = ("%s_%s_idx" % (t.name, cname), [cname], False)
        chk = ("%s_%s_chk" % (t.name, cname), "%s > 0" % cname)
        t.indexes.append(idx)
        t.checks.append(chk)
        ops.append(("add_column", t, col, idx, chk))
    return ops


def yaml_scalar(s):
    if s.replace("_", "").isalnum() and not s[0].isdigit():
        return s
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def yaml_column(c):
    keys = ["type: %s" % yaml_scalar(c.typ)]
    if c.nullable:
        keys.append("nullable: true")
    if c.default is not None:
        keys.append("default: %s" % yaml_scalar(c.default))
    if c.identity:
        keys.append("identity: always")
        keys.append("primary_key: true")
    if c.ref:
        keys.append("references: %s(id)" % c.ref)
        keys.append("on_delete: set null")
    return "      %s: { %s }\n" % (c.name, ", ".join(keys))


def write_schema(path, state):
    parts = ["# Synthetic benchmark schema (bench/synth.py); do not edit.\ntables:\n"]
    for t in state.values():
        parts.append("  %s:\n    columns:\n" % t.name)
        parts.extend(yaml_column(c) for c in t.columns)
        parts.append("    unique:\n")
        parts.extend("      %s: [%s]\n" % (n, ", ".join(cs)) for n, cs in t.uniques)
        parts.append("    checks:\n")
        parts.extend("      %s: %s\n" % (n, yaml_scalar(e)) for n, e in t.checks)
        parts.append("    indexes:\n")
        parts.extend("      %s: { columns: [%s] }\n" % (n, ", ".join(cs)) for n, cs, _ in t.indexes)
    with open(path, "w") as f:
        f.write("".join(parts))


def sa_column(c):
    typ = dict((m, s) for m, s, _ in TYPES).get(c.typ)
    if typ is None:
        typ = {"bigint": "sa.BigInteger()", "varchar(100)": "sa.String(100)",
               "timestamptz": "sa.DateTime(timezone=True)"}[c.typ]
    args = [repr(c.name), typ]
    if c.identity:
        args.append("sa.Identity(always=True)")
    args.append("nullable=%s" % (c.nullable and not c.identity))
    if c.default is not None:
        args.append("server_default=sa.text(%r)" % c.default)
    return "sa.Column(%s)" % ", ".join(args)


def alembic_create(t):
    lines = ["    op.create_table(", "        %r," % t.name]
    lines += ["        %s," % sa_column(c) for c in t.columns]
    lines.append("        sa.PrimaryKeyConstraint('id', name=%r)," % ("%s_pkey" % t.name))
    for n, cs in t.uniques:
        lines.append("        sa.UniqueConstraint(%s, name=%r)," % (", ".join(map(repr, cs)), n))
    for n, e in t.checks:
        lines.append("        sa.CheckConstraint(%r, name=%r)," % (e, n))
    lines.append("    )")
    for c in t.columns:
        if c.ref:
            lines.append("    op.create_foreign_key(%r, %r, %r, [%r], ['id'], ondelete='SET NULL')"
                         % ("%s_%s_fkey" % (t.name, c.name), t.name, c.ref, c.name))
    for n, cs, _ in t.indexes:
        lines.append("    op.create_index(%r, %r, %r)" % (n, t.name, cs))
    return lines


def alembic_alter(t, col, idx, chk):
    return ["    op.add_column(%r, %s)" % (t.name, sa_column(col)),
            "    op.create_index(%r, %r, %r)" % (idx[0], t.name, idx[1]),
            "    op.create_check_constraint(%r, %r, %r)" % (chk[0], t.name, chk[1])]


def write_alembic_rev(vdir, r, ops):
    rid, parent = "r%04d" % (r + 1), ("r%04d" % r if r > 0 else None)
    body, down = [], []
    for op in ops:
        if op[0] == "create_table":
            body += alembic_create(op[1])
            down.insert(0, "    op.drop_table(%r)" % op[1].name)
        else:
            body += alembic_alter(*op[1:])
            down.insert(0, "    op.drop_column(%r, %r)" % (op[1].name, op[2].name))
    text = ['"""Synthetic revision %d (bench/synth.py)."""' % (r + 1),
            "import sqlalchemy as sa", "from alembic import op", "",
            "revision = %r" % rid, "down_revision = %r" % parent,
            "branch_labels = None", "depends_on = None", "", "",
            "def upgrade():"] + (body or ["    pass"]) + ["", "", "def downgrade():"] + \
           (down or ["    pass"]) + [""]
    with open(os.path.join(vdir, "%s.py" % rid), "w") as f:
        f.write("\n".join(text))


ALEMBIC_INI = """[alembic]
script_location = %(here)s
"""

ENV_PY = '''"""Alembic environment of the migc benchmark: one transaction per migration."""
import os

import sqlalchemy as sa
from alembic import context

engine = sa.create_engine(os.environ["BENCH_ALEMBIC_URL"], poolclass=sa.pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None,
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
'''


def write_alembic_project(adir):
    os.makedirs(os.path.join(adir, "versions"), exist_ok=True)
    with open(os.path.join(adir, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI.replace("%(here)s", adir))
    with open(os.path.join(adir, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(adir, "script.py.mako"), "w") as f:
        f.write("")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--migc", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--alembic")
    ap.add_argument("--name", default="bench")
    ap.add_argument("--revisions", type=int, default=100)
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--columns", type=int, default=15)
    a = ap.parse_args()
    mod = os.path.join(a.out, "module")
    os.makedirs(mod, exist_ok=True)
    with open(os.path.join(mod, "module.yaml"), "w") as f:
        # online: false: the history is timed against the same plain DDL run by Alembic and by
        # psql -1, which the online forms' CONCURRENTLY revisions cannot share a transaction with
        f.write("name: %s\nschema: %s\nexclusive: true\nonline: false\n" % (a.name, a.name))
    if a.alembic:
        write_alembic_project(a.alembic)
    state, summary = {}, ""
    steps = plan(a.revisions + 1, a.tables * (a.revisions + 1) // a.revisions, a.columns)
    for r, (creates, alters) in enumerate(steps):
        ops = apply_rev(state, creates, alters, a.columns)
        if r == a.revisions:  # one revision more, for timing `migc diff`
            write_schema(os.path.join(a.out, "next_schema.yaml"), state)
            break
        write_schema(os.path.join(mod, "schema.yaml"), state)
        summary = "%d revisions, %d tables, %d columns" % (
            r + 1, len(state), sum(len(t.columns) for t in state.values()))
        if a.alembic:
            write_alembic_rev(os.path.join(a.alembic, "versions"), r, ops)
        res = subprocess.run([a.migc, "diff", "-C", mod, "-m", "synthetic revision %d" % (r + 1)],
                             stdout=subprocess.DEVNULL)
        if res.returncode != 0:
            sys.exit("synth.py: migc diff failed at revision %d (exit %d)" % (r + 1,
                                                                           res.returncode))
    print(summary)


if __name__ == "__main__":
    main()
