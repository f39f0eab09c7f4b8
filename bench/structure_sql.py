#!/usr/bin/env python3
"""Writes a synthetic Rails structure.sql of N tables for the adoption benchmark (bench/adopt):
in the order and style Rails writes it (enums, tables without keys, a sequence owned by each id
column, nextval defaults and keys added afterwards with ALTER TABLE ONLY, indexes, foreign keys
from bigint columns, a view every 50 tables, a plpgsql trigger function used by every 10th
table). Deterministic: the same N gives the same file."""
import argparse
import sys

ENUMS = 40


def header(out):
    out.write("SET statement_timeout = 0;\nSET lock_timeout = 0;\n"
              "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
              "SELECT pg_catalog.set_config('search_path', '', false);\n"
              "SET check_function_bodies = false;\nSET client_min_messages = warning;\n\n")
    for e in range(ENUMS):
        vals = ",\n    ".join("'v%d'" % v for v in range(3 + e % 4))
        out.write("CREATE TYPE public.kind_%02d AS ENUM (\n    %s\n);\n\n" % (e, vals))
    out.write("CREATE FUNCTION public.touch_updated_at() RETURNS trigger\n"
              "    LANGUAGE plpgsql\n    AS $$\nBEGIN\n  NEW.updated_at := now();\n"
              "  RETURN NEW;\nEND\n$$;\n\nSET default_tablespace = '';\n\n"
              "SET default_table_access_method = heap;\n\n")


def table(out, i, columns):
    t = "t%04d" % i
    cols = ["    id bigint NOT NULL"]
    if i > 0:
        cols.append("    parent_id bigint")
    for c in range(columns):
        k = c % 5
        if k == 0:
            cols.append("    name_%d character varying" % c)
        elif k == 1:
            cols.append("    count_%d integer DEFAULT 0 NOT NULL" % c)
        elif k == 2:
            cols.append("    state_%d public.kind_%02d DEFAULT 'v0'::public.kind_%02d NOT NULL"
                        % (c, (i + c) % ENUMS, (i + c) % ENUMS))
        elif k == 3:
            cols.append("    amount_%d numeric(12,2)" % c)
        else:
            cols.append("    flag_%d boolean DEFAULT false NOT NULL" % c)
    cols.append("    created_at timestamp(6) without time zone NOT NULL")
    cols.append("    updated_at timestamp(6) without time zone NOT NULL")
    out.write("CREATE TABLE public.%s (\n%s\n);\n\n" % (t, ",\n".join(cols)))
    out.write("CREATE SEQUENCE public.%s_id_seq\n    START WITH 1\n    INCREMENT BY 1\n"
              "    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;\n\n" % t)
    out.write("ALTER SEQUENCE public.%s_id_seq OWNED BY public.%s.id;\n\n" % (t, t))


def view(out, i):
    t = "t%04d" % i
    out.write("CREATE VIEW public.recent_%s AS\n SELECT %s.id,\n    %s.created_at\n"
              "   FROM public.%s\n  WHERE (%s.created_at > '2020-01-01 00:00:00'::timestamp "
              "without time zone);\n\n" % (t, t, t, t, t))


def tail(out, n):
    for i in range(n):
        t = "t%04d" % i
        out.write("ALTER TABLE ONLY public.%s ALTER COLUMN id SET DEFAULT "
                  "nextval('public.%s_id_seq'::regclass);\n\n" % (t, t))
    for i in range(n):
        t = "t%04d" % i
        out.write("ALTER TABLE ONLY public.%s\n    ADD CONSTRAINT %s_pkey PRIMARY KEY (id);\n\n"
                  % (t, t))
    for i in range(n):
        t = "t%04d" % i
        out.write("CREATE INDEX index_%s_on_created_at ON public.%s USING btree (created_at);\n\n"
                  % (t, t))
        if i > 0:
            out.write("CREATE INDEX index_%s_on_parent_id ON public.%s USING btree (parent_id);"
                      "\n\n" % (t, t))
    for i in range(0, n, 10):
        t = "t%04d" % i
        out.write("CREATE TRIGGER %s_touch BEFORE UPDATE ON public.%s FOR EACH ROW "
                  "EXECUTE FUNCTION public.touch_updated_at();\n\n" % (t, t))
    for i in range(1, n):
        t = "t%04d" % i
        out.write("ALTER TABLE ONLY public.%s\n    ADD CONSTRAINT fk_rails_%s FOREIGN KEY "
                  "(parent_id) REFERENCES public.t%04d(id);\n\n" % (t, t, i - 1))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--tables", type=int, default=1000)
    p.add_argument("--columns", type=int, default=10)
    a = p.parse_args()
    out = sys.stdout
    header(out)
    for i in range(a.tables):
        table(out, i, a.columns)
    for i in range(0, a.tables, 50):
        view(out, i)
    tail(out, a.tables)


if __name__ == "__main__":
    main()
