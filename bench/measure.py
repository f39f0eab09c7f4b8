#!/usr/bin/env python3
"""migc benchmark: runs every figure side by side, N rounds, and prints the table.

Called by bench/run with the paths it prepared (see `measure.py --help`). Each round runs
every measurement once, in the same order, so slow phases of a busy machine hit all of them
alike; the table gives medians. Wall time and peak RSS come from wait4() on the child, the
same numbers GNU time prints as %e and %M.
"""
import argparse
import glob
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time


def run_timed(cmd, env=None, cwd=None, stdout=subprocess.DEVNULL, ok=(0,)):
    """Runs cmd; returns (seconds, peak RSS in MB). Raises on an unexpected exit code."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in ok:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode,
                                                err.decode(errors="replace")[-2000:]))
    return dt, ru.ru_maxrss / 1024.0


# Seconds to wait after CREATE DATABASE before timing anything in it: the copy of the template
# (WAL-logged in PostgreSQL 15) otherwise still competes with the first figure for the disk.
SETTLE = 1.0


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


class Bench:
    def __init__(self, a):
        self.a = a
        self.env = dict(os.environ)
        self.results = {}  # key -> list of (seconds, MB)
        self.notes = []

    def psql(self, db, *args, stdout=subprocess.DEVNULL):
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db] + list(args),
                              check=True, stdout=stdout, env=self.env)

    def fresh_db(self, db):
        self.psql("postgres", "-c", "SET client_min_messages = warning", "-c", "DROP DATABASE IF EXISTS %s" % db,
                  "-c", "CREATE DATABASE %s" % db)
        time.sleep(SETTLE)

    def clone_head(self, db):
        """A fresh copy of bench_head (the database at head, version rows included)."""
        self.psql("postgres", "-c", "SET client_min_messages = warning", "-c", "DROP DATABASE IF EXISTS %s" % db,
                  "-c", "CREATE DATABASE %s TEMPLATE bench_head" % db)
        time.sleep(SETTLE)

    def db_env(self, db):
        e = dict(self.env)
        e["DATABASE_URL"] = "dbname=%s" % db
        e["PGDATABASE"] = db
        e["BENCH_ALEMBIC_URL"] = "postgresql+psycopg2:///%s?host=%s&port=%s" % (
            db, self.env["PGHOST"], self.env["PGPORT"])
        return e

    def record(self, key, cmd, env=None, cwd=None):
        self.results.setdefault(key, []).append(run_timed(cmd, env=env, cwd=cwd))

    # ---- preparation (once) ----

    def prepare(self):
        a = self.a
        self.steps = sum(int(n) for f in glob.glob(os.path.join(a.module, "generated", "0*.c"))
                         for n in re.findall(r"\.n_up = (\d+)", open(f).read()))
        self.sql_ok = subprocess.run([a.migrator, "sql", "base:head"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL).returncode == 0
        self.check_ok = None  # decided on the first database that is at head
        if self.sql_ok:
            with open(os.path.join(a.work, "head.sql"), "w") as f:
                subprocess.run([a.migrator, "sql", "base:head"], stdout=f, check=True)
        # The plain DDL both ways (sql --unguarded) for `psql -1 -f`: its BEGIN/COMMIT lines
        # dropped, so that psql's one transaction holds the whole script.
        self.plain_ok = True
        for path, name in (("base:head", "up_plain.sql"), ("head:base", "down_plain.sql")):
            p = subprocess.run([a.migrator, "sql", "--unguarded", path], capture_output=True,
                               text=True)
            self.plain_ok = self.plain_ok and p.returncode == 0
            with open(os.path.join(a.work, name), "w") as f:
                f.writelines(ln for ln in p.stdout.splitlines(True)
                             if ln.strip() not in ("BEGIN;", "COMMIT;"))
        # The reference database at head: pg_dump of it, migrator check on it.
        self.fresh_db("bench_head")
        sh([a.migrator, "--quiet", "upgrade"], env=self.db_env("bench_head"))
        with open(os.path.join(a.work, "dump.sql"), "w") as f:
            subprocess.run(["pg_dump", "--schema-only", "--no-owner", "-d", "bench_head"],
                           stdout=f, check=True, env=self.env)
        self.check_ok = subprocess.run([a.migrator, "check"], env=self.db_env("bench_head"),
                                       stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL).returncode in (0, 1)
        self.count_commits()
        if a.dbmate:
            self.prepare_dbmate()
        if a.big_migrator:
            self.fresh_db("bench_big")
            sh([a.big_migrator, "--quiet", "upgrade"], env=self.db_env("bench_big"))
        if a.alembic:
            self.fresh_db("bench_alembic_head")
            sh([sys.executable if not a.alembic_python else a.alembic_python, "-m", "alembic",
                "-c", os.path.join(a.alembic, "alembic.ini"), "upgrade", "head"],
               env=self.db_env("bench_alembic_head"))

    def prepare_dbmate(self):
        """dbmate's migrations: one file per revision with the plain DDL of its upgrade and of
        its downgrade (sql --unguarded of that one step), without migc's version rows."""
        a = self.a
        ids = sorted(os.path.basename(f)[:-5]
                     for f in glob.glob(os.path.join(a.module, "revisions", "*.yaml")))
        self.dbmate_dir = os.path.join(a.work, "dbmate")
        os.makedirs(self.dbmate_dir, exist_ok=True)
        for i, rid in enumerate(ids):
            prev = ids[i - 1] if i else "base"
            body = []
            for head, path in (("-- migrate:up", "%s:%s" % (prev, rid)),
                               ("-- migrate:down", "%s:%s" % (rid, prev))):
                out = subprocess.run([a.migrator, "sql", "--unguarded", path], check=True,
                                     capture_output=True, text=True).stdout
                body += [head + "\n"] + plain_statements(out)
            with open(os.path.join(self.dbmate_dir, "%s.sql" % rid), "w") as f:
                f.writelines(body)
        self.n_revisions = len(ids)

    def dbmate(self, db, *args):
        url = "postgres://postgres@127.0.0.1:%s/%s?sslmode=disable" % (self.env["PGPORT"], db)
        return [self.a.dbmate, "--url", url, "--migrations-dir", self.dbmate_dir,
                "--migrations-table", "public.schema_migrations",
                "--no-dump-schema"] + list(args)

    def dbmate_round(self):
        self.fresh_db("bench_dbmate")
        self.record("dbmate_up", self.dbmate("bench_dbmate", "up"))
        self.record("dbmate_noop", self.dbmate("bench_dbmate", "up"))
        loop = "for i in $(seq %d); do \"$@\" || exit 1; done" % self.n_revisions
        self.record("dbmate_down", ["sh", "-c", loop, "dbmate"] +
                    self.dbmate("bench_dbmate", "rollback"))

    def commits_of(self, cmd, db, clone):
        """Transactions committed in db while cmd ran (pg_stat_database.xact_commit; the server
        publishes a session's counts when it ends, hence the waits)."""
        (self.clone_head if clone else self.fresh_db)(db)
        q = ["psql", "-X", "-At", "-d", "postgres", "-c",
             "SELECT xact_commit FROM pg_stat_database WHERE datname = '%s'" % db]
        time.sleep(1.2)
        before = int(subprocess.run(q, capture_output=True, text=True, env=self.env).stdout)
        sh(cmd, env=self.db_env(db))
        time.sleep(1.2)
        return int(subprocess.run(q, capture_output=True, text=True, env=self.env).stdout) - before

    def count_commits(self):
        """Commits of upgrade base -> head and downgrade head -> base, shared transactions
        against --transaction-per-revision (counted once: they do not vary between rounds)."""
        m = self.a.migrator
        self.commits = {}
        for key, cmd, clone in (
                ("up", [m, "--quiet", "upgrade", "--replay"], False),
                ("up_tpr", [m, "--quiet", "upgrade", "--transaction-per-revision"], False),
                ("down", [m, "--quiet", "downgrade", "base"], True),
                ("down_tpr", [m, "--quiet", "downgrade", "base", "--transaction-per-revision"],
                 True)):
            self.commits[key] = self.commits_of(cmd, "bench_commits", clone)

    # ---- one round of every measurement ----

    def round(self):
        a, m = self.a, self.a.migc
        for f in glob.glob(os.path.join(a.module, "generated", "*.c")):
            os.unlink(f)
        self.record("generate", [m, "generate", "-C", a.module])
        self.record("gen_check", [m, "check", "-C", a.module])
        scratch = os.path.join(a.work, "diffmod")
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(a.module, scratch)
        shutil.copy(a.next_schema, os.path.join(scratch, "schema.yaml"))
        self.record("diff", [m, "diff", "-C", scratch, "-m", "one more revision"])

        self.fresh_db("bench_up")
        self.record("upgrade", [a.migrator, "--quiet", "upgrade"], env=self.db_env("bench_up"))
        self.record("noop", [a.migrator, "--quiet", "upgrade"], env=self.db_env("bench_up"))
        self.record("current", [a.migrator, "current"], env=self.db_env("bench_up"))
        if self.check_ok:
            self.record("check", [a.migrator, "check"], env=self.db_env("bench_up"))
        self.fresh_db("bench_up")
        self.record("upgrade_nv", [a.migrator, "--quiet", "--no-verify", "upgrade"],
                    env=self.db_env("bench_up"))
        self.fresh_db("bench_up")
        self.record("unguarded", [a.unguarded, "--quiet", "--no-verify", "upgrade", "--replay"],
                    env=self.db_env("bench_up"))
        self.record("psql_c", ["psql", "-X", "-q", "-c", "SELECT 1"], env=self.db_env("bench_up"))
        if self.sql_ok:
            self.fresh_db("bench_up")
            self.record("psql_sql", ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                                     os.path.join(a.work, "head.sql")],
                        env=self.db_env("bench_up"))
        self.moves()
        self.fresh_db("bench_up")
        self.record("psql_dump", ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                                  os.path.join(a.work, "dump.sql")], env=self.db_env("bench_up"))
        self.fresh_db("bench_up")
        self.record("psql1_dump", ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f",
                                   os.path.join(a.work, "dump.sql")], env=self.db_env("bench_up"))
        if a.dbmate:
            self.dbmate_round()
        for ex in a.example:
            name, mig = ex.split("=", 1)
            self.fresh_db("bench_up")
            self.record("ex_" + name, [mig, "--quiet", "upgrade"], env=self.db_env("bench_up"))
        if a.big_migrator and self.check_ok:
            self.record("check_big", [a.big_migrator, "check"], env=self.db_env("bench_big"))
        if a.adopt:
            self.adopt_round()
        if a.alembic:
            py = a.alembic_python or sys.executable
            ini = os.path.join(a.alembic, "alembic.ini")
            self.fresh_db("bench_up")
            self.record("alembic_up", [py, "-m", "alembic", "-c", ini, "upgrade", "head"],
                        env=self.db_env("bench_up"))
            self.record("alembic_noop", [py, "-m", "alembic", "-c", ini, "upgrade", "head"],
                        env=self.db_env("bench_up"))
            self.record("alembic_current", [py, "-m", "alembic", "-c", ini, "current"],
                        env=self.db_env("bench_up"))

    def adopt_round(self):
        """Adoption of the structure.sql database: inspect, then diff -m baseline of what it
        wrote (in a scratch module), then the baseline's upgrade of an empty database against
        psql -f of pg_dump's own file."""
        a, d = self.a, self.a.adopt
        scratch = os.path.join(a.work, "adopt_scratch")
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        shutil.copy(os.path.join(d, "module", "module.yaml"), scratch)
        with open(os.path.join(scratch, "schema.yaml"), "w") as out:
            self.results.setdefault("adopt_inspect", []).append(run_timed(
                [a.migc, "inspect", "--url", "dbname=bench_adopt_src"], env=self.env, stdout=out))
        self.record("adopt_diff", [a.migc, "diff", "-C", scratch, "-m", "baseline"])
        self.fresh_db("bench_up")
        self.record("adopt_up", [os.path.join(d, "migrator"), "--quiet", "upgrade"],
                    env=self.db_env("bench_up"))
        self.fresh_db("bench_up")
        self.record("adopt_psql", ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                                   os.path.join(d, "dump.sql")], env=self.db_env("bench_up"))

    def adopt_rows(self):
        n = self.a.big_tables
        rows = [self.row("migc inspect, %d-table structure.sql database" % n, "adopt_inspect"),
                self.row("migc diff -m baseline of what inspect wrote", "adopt_diff")]
        i, d = self.med("adopt_inspect"), self.med("adopt_diff")
        if i is not None and d is not None:
            rows.append(("inspect + diff (adoption, issue #11)", fmt_s(i + d), "", "<= 2.00 s",
                         "yes" if i + d <= 2.0 else "NO"))
        rows += [self.row("migrator upgrade of the adopted baseline, empty database", "adopt_up"),
                 self.row("psql -f of pg_dump -s of the source", "adopt_psql"),
                 self.ratio("adopted baseline upgrade / psql -f of pg_dump -s", "adopt_up",
                            "adopt_psql", 1.2)]
        return rows

    def moves(self):
        """Upgrade base -> head and downgrade head -> base: the migrator (its default shared
        transactions, and --transaction-per-revision) against psql -1 -f of the plain DDL."""
        a, up = self.a, [self.a.migrator, "--quiet", "upgrade"]
        psql1 = ["psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f"]
        for key, extra in (("replay", ["--replay"]), ("replay_nv", ["--replay", "--no-verify"]),
                           ("upgrade_tpr", ["--transaction-per-revision"])):
            self.fresh_db("bench_up")
            self.record(key, up + extra, env=self.db_env("bench_up"))
        down = [a.migrator, "--quiet", "downgrade", "base"]
        for key, cmd in (("downgrade", down), ("downgrade_nv", down + ["--no-verify"]),
                         ("downgrade_tpr", down + ["--transaction-per-revision"])):
            self.clone_head("bench_down")
            self.record(key, cmd, env=self.db_env("bench_down"))
        if not self.plain_ok:
            return
        self.fresh_db("bench_up")
        self.record("psql1_up", psql1 + [os.path.join(a.work, "up_plain.sql")],
                    env=self.db_env("bench_up"))
        self.clone_head("bench_down")
        self.record("psql1_down", psql1 + [os.path.join(a.work, "down_plain.sql")],
                    env=self.db_env("bench_down"))

    # ---- the table ----

    def med(self, key):
        r = self.results.get(key)
        return statistics.median(t for t, _ in r) if r else None

    def peak(self, key):
        r = self.results.get(key)
        return max(mb for _, mb in r) if r else None

    def row(self, label, key, target=None, mem_target=None, na="n/a"):
        """One timed figure: median seconds against target (seconds), peak RSS (MB)."""
        t = self.med(key)
        goal = "" if target is None else "<= " + fmt_s(target)
        if mem_target:
            goal += (", " if goal else "") + "<= %d MB" % mem_target
        if t is None:
            return (label, na, "", goal, "n/a" if target else "")
        mb = self.peak(key)
        ok = "" if target is None else ("yes" if t <= target else "NO")
        if mem_target and mb > mem_target:
            ok = "NO (memory)" if ok == "yes" else "NO (time, memory)"
        return (label, fmt_s(t), "%.0f MB" % mb, goal, ok)

    def ratio(self, label, num, den, target=None, na="n/a"):
        n, d = self.med(num), self.med(den)
        if n is None or d is None:
            return (label, na, "", "<= %s" % target if target else "", "n/a")
        r = n / d
        ok = "" if target is None else ("yes" if r <= target else "NO")
        return (label, "%.2f x" % r, "", "<= %s" % target if target else "", ok)

    def table(self):
        a = self.a
        no_sql = "n/a (sql not built yet)"
        no_check = "n/a (check not built yet)"
        no_plain = "n/a (sql --unguarded failed)"
        no_dbmate = "n/a (dbmate not installed)"
        rows = [
            self.row("migc generate, whole history", "generate", 1.0, 100),
            self.row("migc check (CI), whole history", "gen_check", 1.0, 100),
            self.row("migc diff, one more revision", "diff", 0.05, 100),  # issue #13
            self.row("psql -1 -f (sql --unguarded base:head)", "psql1_up", na=no_plain),
            self.row("psql -1 -f (pg_dump -s of head)", "psql1_dump"),
            self.row("psql -f (pg_dump -s of head)", "psql_dump"),
            self.row("migrator upgrade, fresh database (head snapshot)", "upgrade", mem_target=20),
            self.row("migrator upgrade --no-verify, fresh (head snapshot)", "upgrade_nv"),
            self.ratio("snapshot upgrade / psql -1 -f of pg_dump -s", "upgrade", "psql1_dump", 1.1),
            self.ratio("snapshot upgrade --no-verify / psql -1 -f of pg_dump -s", "upgrade_nv",
                       "psql1_dump", 1.1),
            self.row("migrator upgrade --replay (every revision)", "replay", mem_target=20),
            self.row("migrator upgrade --replay --no-verify", "replay_nv"),
            self.ratio("upgrade --replay / psql -1 -f of plain DDL", "replay", "psql1_up", 1.05,
                       na=no_plain),
            self.ratio("upgrade --replay --no-verify / psql -1 -f of plain DDL", "replay_nv",
                       "psql1_up", 1.05, na=no_plain),
            self.row("the same DDL without guards (--replay --no-verify)", "unguarded"),
            self.row("migrator upgrade --transaction-per-revision", "upgrade_tpr"),
            self.ratio("upgrade --transaction-per-revision / psql -1", "upgrade_tpr", "psql1_up",
                       na=no_plain),
            self.row("psql -f (migrator sql base:head, guarded)", "psql_sql", na=no_sql),
            self.ratio("upgrade --replay / psql -f of sql output", "replay", "psql_sql", 1.2,
                       na=no_sql),
            self.row("psql -1 -f (sql --unguarded head:base)", "psql1_down", na=no_plain),
            self.row("migrator downgrade head -> base", "downgrade", mem_target=20),
            self.row("migrator downgrade --no-verify", "downgrade_nv"),
            self.ratio("downgrade / psql -1 -f of plain DDL", "downgrade", "psql1_down", 1.05,
                       na=no_plain),
            self.ratio("downgrade --no-verify / psql -1 -f of plain DDL", "downgrade_nv",
                       "psql1_down", 1.05, na=no_plain),
            self.row("migrator downgrade --transaction-per-revision", "downgrade_tpr"),
            self.ratio("downgrade --transaction-per-revision / psql -1", "downgrade_tpr",
                       "psql1_down", na=no_plain),
            ("commits in upgrade --replay (whole run) / --transaction-per-revision", "%d / %d" % (
                self.commits["up"], self.commits["up_tpr"]), "", "", ""),
            ("commits in downgrade (whole run) / --transaction-per-revision", "%d / %d" % (
                self.commits["down"], self.commits["down_tpr"]), "", "", ""),
            self.row("dbmate up (base -> head)", "dbmate_up", na=no_dbmate),
            self.ratio("dbmate up / psql -1 -f of plain DDL", "dbmate_up", "psql1_up",
                       na=no_dbmate),
            self.row("dbmate rollback to base (one call per revision)", "dbmate_down",
                     na=no_dbmate),
            self.ratio("dbmate rollback / psql -1 -f of plain DDL", "dbmate_down", "psql1_down",
                       na=no_dbmate),
            self.row("dbmate up at head (no-op)", "dbmate_noop", na=no_dbmate),
            self.guard_row(),
            self.row("psql -c 'SELECT 1' (one query)", "psql_c"),
            self.row("migrator upgrade at head (no-op)", "noop", 0.05),
            self.ratio("no-op upgrade / one psql -c query", "noop", "psql_c", 1.2),
            self.row("migrator current", "current", 0.02),
            self.ratio("current / one psql -c query", "current", "psql_c", 1.2),
            self.row("migrator check, head database (%s tables)" % self.head_tables(), "check", 0.5,
                     na=no_check),
            self.row("migrator check, %d-table database" % a.big_tables, "check_big", 0.5,
                     na=no_check),
        ]
        if a.adopt:
            rows += self.adopt_rows()
        for ex in a.example:
            name = ex.split("=", 1)[0]
            rows.append(self.row("example %s: upgrade base -> head" % name, "ex_" + name))
        if a.alembic:
            rows += [
                self.row("alembic upgrade head (base -> head)", "alembic_up"),
                self.ratio("alembic upgrade / migrator upgrade", "alembic_up", "upgrade"),
                self.ratio("alembic upgrade / migrator upgrade --replay", "alembic_up", "replay"),
                self.row("alembic upgrade head (no-op)", "alembic_noop"),
                self.row("alembic current", "alembic_current"),
            ]
        widths = [max(len(r[i]) for r in rows + [HEADER]) for i in range(5)]
        line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
        out = [line(HEADER), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [line(r) for r in rows]
        return "\n".join(out)

    def head_tables(self):
        m = re.search(r"(\d+) tables", self.a.summary)
        return m.group(1) if m else "?"

    def guard_row(self):
        g, u = self.med("replay_nv"), self.med("unguarded")
        label = "guard overhead per step (%d steps)" % self.steps
        if g is None or u is None or self.steps == 0:
            return (label, "n/a", "", "", "")
        return (label, "%.1f us" % ((g - u) / self.steps * 1e6), "", "", "")


def plain_statements(text):
    """The statements of `sql --unguarded` output: its search_path as SET LOCAL (dbmate runs
    each migration in a transaction of its own), CREATE SCHEMA when it has one, then what follows
    its first "-- upgrade" or "-- downgrade" line, without BEGIN/COMMIT and the version rows."""
    out, started = [], False
    for ln in text.splitlines(True):
        s = ln.strip()
        if not started and s.startswith("SET search_path = "):
            out.append("SET LOCAL " + s[len("SET "):] + "\n")
        elif not started and s.startswith("CREATE SCHEMA "):
            out.append(ln)
        elif s.startswith("-- upgrade ") or s.startswith("-- downgrade "):
            started = True
        elif started and s not in ("BEGIN;", "COMMIT;") and not re.match(
                r'(INSERT INTO|DELETE FROM) \S+\."migc_version"', s):
            out.append(ln)
    return out


def fmt_s(t):
    return "%.2f s" % t if t >= 0.1 else "%.1f ms" % (t * 1000)


HEADER = ("figure", "median", "peak RSS", "target", "met")


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for ln in f:
            if ln.startswith("model name"):
                model = ln.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    pg = subprocess.run(["psql", "-X", "-At", "-c", "SHOW server_version"], capture_output=True,
                        text=True).stdout.strip()
    return "%d CPUs (%s), %.1f GiB RAM, Linux %s, PostgreSQL %s" % (
        os.cpu_count(), model, kb / 1048576.0, platform.release(), pg)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    for k in ("migc", "module", "next_schema", "migrator", "unguarded", "work", "summary"):
        ap.add_argument("--" + k.replace("_", "-"), required=True)
    ap.add_argument("--big-migrator")
    ap.add_argument("--big-tables", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=300)
    ap.add_argument("--alembic")
    ap.add_argument("--alembic-python")
    ap.add_argument("--dbmate", help="the dbmate executable (npm package dbmate), if any")
    ap.add_argument("--adopt", help="the adoption work directory bench/run prepared")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--example", action="append", default=[],
                    help="NAME=MIGRATOR of an example module, timed base -> head")
    a = ap.parse_args()
    b = Bench(a)
    b.prepare()
    for i in range(a.runs):
        print("round %d of %d ..." % (i + 1, a.runs), file=sys.stderr, flush=True)
        b.round()
    print()
    print("migc benchmark, %s; median of %d run%s" % (a.summary, a.runs, "" if a.runs == 1 else "s"))
    print("machine: %s" % machine())
    print()
    print(b.table())
    if not b.sql_ok:
        print("\nnote: the migrator's `sql` command is not in this build yet, so the psql -f "
              "comparison is n/a.")
    if not b.check_ok:
        print("note: the migrator's `check` command is not in this build yet, so its rows are n/a.")


if __name__ == "__main__":
    main()
