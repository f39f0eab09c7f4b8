-- A structure.sql in the shape Rails (db:schema:dump with schema_format = :sql) writes: session
-- settings, extensions, enums, tables without their keys, sequences owned by their id columns,
-- nextval defaults and keys added afterwards with ALTER TABLE ONLY, views over views, a
-- materialized view with its index, a plpgsql trigger function, partitions attached after the
-- fact, integer keys referenced from bigint columns, and the schema_migrations rows. Written for
-- migc's adoption test (tests/db/test_adopt.sh).
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

CREATE SCHEMA extensions;

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

CREATE TYPE public.status_00 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_01 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_02 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_03 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_04 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_05 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_06 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_07 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_08 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_09 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_10 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_11 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_12 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_13 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_14 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_15 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_16 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_17 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_18 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_19 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_20 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_21 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_22 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_23 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_24 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_25 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_26 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_27 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_28 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_29 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_30 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_31 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_32 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_33 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_34 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_35 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_36 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_37 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_38 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_39 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_40 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE TYPE public.status_41 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold',
    'archived'
);

CREATE TYPE public.status_42 AS ENUM (
    'state_a',
    'state_b',
    'state_c'
);

CREATE TYPE public.status_43 AS ENUM (
    'state_a',
    'state_b',
    'state_c',
    'on hold'
);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

CREATE FUNCTION public.invoice_total(p_invoice bigint) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$
  SELECT coalesce(sum(amount), 0) FROM public.invoice_lines WHERE invoice_id = p_invoice
$$;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.ar_internal_metadata (
    key character varying NOT NULL,
    value character varying,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE public.schema_migrations (
    version character varying NOT NULL
);

CREATE TABLE public.accounts (
    id integer NOT NULL,
    name character varying NOT NULL,
    status public.status_00 DEFAULT 'state_a'::public.status_00 NOT NULL,
    settings extensions.hstore,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE SEQUENCE public.accounts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;

CREATE TABLE public.users (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    email public.citext DEFAULT ''::public.citext NOT NULL,
    encrypted_password character varying DEFAULT ''::character varying NOT NULL,
    reset_password_token character varying,
    sign_in_count integer DEFAULT 0 NOT NULL,
    role public.status_01,
    admin boolean DEFAULT false NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE SEQUENCE public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;

CREATE TABLE public.invoices (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    number bigint NOT NULL,
    state public.status_02 DEFAULT 'state_a'::public.status_02 NOT NULL,
    issued_on date,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL,
    CONSTRAINT invoices_number_positive CHECK ((number > 0))
);

CREATE SEQUENCE public.invoices_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.invoices_id_seq OWNED BY public.invoices.id;

CREATE SEQUENCE public.invoice_number_seq
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE public.invoice_lines (
    id bigint NOT NULL,
    invoice_id bigint NOT NULL,
    description text NOT NULL,
    amount numeric(12,2) DEFAULT 0.0 NOT NULL,
    created_at timestamp(6) without time zone NOT NULL,
    updated_at timestamp(6) without time zone NOT NULL
);

CREATE SEQUENCE public.invoice_lines_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.invoice_lines_id_seq OWNED BY public.invoice_lines.id;

CREATE TABLE public.events (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    kind public.status_03 NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp(6) without time zone NOT NULL
)
PARTITION BY RANGE (created_at);

CREATE SEQUENCE public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;

CREATE TABLE public.events_2026_01 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    account_id bigint NOT NULL,
    kind public.status_03 NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE public.events_2026_02 (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    account_id bigint NOT NULL,
    kind public.status_03 NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp(6) without time zone NOT NULL
);

CREATE TABLE public.events_default (
    id bigint DEFAULT nextval('public.events_id_seq'::regclass) NOT NULL,
    account_id bigint NOT NULL,
    kind public.status_03 NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp(6) without time zone NOT NULL
);

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2026_01 FOR VALUES FROM ('2026-01-01 00:00:00') TO ('2026-02-01 00:00:00');

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2026_02 FOR VALUES FROM ('2026-02-01 00:00:00') TO ('2026-03-01 00:00:00');

ALTER TABLE ONLY public.events ATTACH PARTITION public.events_default DEFAULT;

CREATE VIEW public.active_accounts AS
 SELECT accounts.id,
    accounts.name
   FROM public.accounts
  WHERE (accounts.status = 'state_a'::public.status_00);

CREATE VIEW public.active_account_users AS
 SELECT u.id,
    u.email,
    a.name AS account_name
   FROM (public.users u
     JOIN public.active_accounts a ON ((a.id = u.account_id)));

CREATE MATERIALIZED VIEW public.invoice_totals AS
 SELECT invoices.account_id,
    count(*) AS invoices,
    max(invoices.issued_on) AS last_issued_on
   FROM public.invoices
  GROUP BY invoices.account_id
  WITH NO DATA;

ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT nextval('public.accounts_id_seq'::regclass);

ALTER TABLE ONLY public.events ALTER COLUMN id SET DEFAULT nextval('public.events_id_seq'::regclass);

ALTER TABLE ONLY public.invoice_lines ALTER COLUMN id SET DEFAULT nextval('public.invoice_lines_id_seq'::regclass);

ALTER TABLE ONLY public.invoices ALTER COLUMN id SET DEFAULT nextval('public.invoices_id_seq'::regclass);

ALTER TABLE ONLY public.invoices ALTER COLUMN number SET DEFAULT nextval('public.invoice_number_seq'::regclass);

ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ar_internal_metadata
    ADD CONSTRAINT ar_internal_metadata_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY public.events_2026_01
    ADD CONSTRAINT events_2026_01_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY public.events_2026_02
    ADD CONSTRAINT events_2026_02_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY public.events_default
    ADD CONSTRAINT events_default_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT invoice_lines_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

CREATE INDEX index_events_on_account_id ON ONLY public.events USING btree (account_id);

CREATE INDEX events_2026_01_account_id_idx ON public.events_2026_01 USING btree (account_id);

CREATE INDEX events_2026_02_account_id_idx ON public.events_2026_02 USING btree (account_id);

CREATE INDEX events_default_account_id_idx ON public.events_default USING btree (account_id);

CREATE UNIQUE INDEX index_invoice_totals_on_account_id ON public.invoice_totals USING btree (account_id);

CREATE INDEX index_invoice_lines_on_invoice_id ON public.invoice_lines USING btree (invoice_id);

CREATE UNIQUE INDEX index_invoices_on_account_id_and_number ON public.invoices USING btree (account_id, number);

CREATE UNIQUE INDEX index_users_on_email ON public.users USING btree (email);

CREATE UNIQUE INDEX index_users_on_reset_password_token ON public.users USING btree (reset_password_token);

CREATE INDEX index_users_on_account_id ON public.users USING btree (account_id);

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2026_01_pkey;

ALTER INDEX public.index_events_on_account_id ATTACH PARTITION public.events_2026_01_account_id_idx;

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2026_02_pkey;

ALTER INDEX public.index_events_on_account_id ATTACH PARTITION public.events_2026_02_account_id_idx;

ALTER INDEX public.events_pkey ATTACH PARTITION public.events_default_pkey;

ALTER INDEX public.index_events_on_account_id ATTACH PARTITION public.events_default_account_id_idx;

CREATE TRIGGER accounts_touch BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

CREATE TRIGGER invoices_touch BEFORE UPDATE OF state, issued_on ON public.invoices FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION public.touch_updated_at();

ALTER TABLE ONLY public.users
    ADD CONSTRAINT fk_rails_61ac11da2b FOREIGN KEY (account_id) REFERENCES public.accounts(id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT fk_rails_0bd6a6c0d1 FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invoice_lines
    ADD CONSTRAINT fk_rails_7c0b8f5ab6 FOREIGN KEY (invoice_id) REFERENCES public.invoices(id);

ALTER TABLE public.events
    ADD CONSTRAINT fk_rails_2f1e3a7c44 FOREIGN KEY (account_id) REFERENCES public.accounts(id);

COMMENT ON TABLE public.invoices IS 'One row per issued invoice';

COMMENT ON COLUMN public.invoices.number IS 'Human-facing number, from invoice_number_seq';

SET search_path TO "$user", public;

INSERT INTO "schema_migrations" (version) VALUES
('20260105090000'),
('20260212143000'),
('20260301080000');
