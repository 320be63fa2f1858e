-- The engine's PostgreSQL schema. Applied by `Engine.Silo schema apply`; every statement is idempotent, so the
-- command may run on every deployment. Written for this project against the query contract that
-- Microsoft.Orleans.Persistence.AdoNet and Microsoft.Orleans.Clustering.AdoNet read from OrleansQuery
-- (query keys and parameter names are theirs; the SQL is ours).

-- Queries are data: the providers load them by key at start-up.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

-- Grain state. One row per (service, grain type, grain id). Unlike a heap with a non-unique index, the primary
-- key makes the first insert of a grain race-free without table locks.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid              varchar(150)  NOT NULL,
    graintypestring        varchar(512)  NOT NULL,
    grainidn0              bigint        NOT NULL,
    grainidn1              bigint        NOT NULL,
    grainidextensionstring varchar(512)  NOT NULL DEFAULT '',
    grainidhash            integer       NOT NULL,
    graintypehash          integer       NOT NULL,
    payloadbinary          bytea,
    modifiedon             timestamptz   NOT NULL DEFAULT now(),
    version                integer       NOT NULL,
    PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
);

-- Optimistic concurrency on an integer version: the grain passes the version it read (null = never written);
-- the function returns the new version, or the one passed in when the row moved on (Orleans then raises
-- InconsistentStateException and the activation reloads).
CREATE OR REPLACE FUNCTION engine_write_grain_state(
    p_serviceid varchar, p_graintypestring varchar, p_grainidn0 bigint, p_grainidn1 bigint,
    p_grainidextensionstring varchar, p_grainidhash integer, p_graintypehash integer,
    p_version integer, p_payload bytea)
    RETURNS TABLE (newgrainstateversion integer)
    LANGUAGE plpgsql
AS $$
DECLARE
    v_new integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
                                    grainidhash, graintypehash, payloadbinary, version)
        VALUES (p_serviceid, p_graintypestring, p_grainidn0, p_grainidn1, coalesce(p_grainidextensionstring, ''),
                p_grainidhash, p_graintypehash, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO v_new;
    ELSE
        UPDATE orleansstorage
           SET payloadbinary = p_payload, version = version + 1, modifiedon = now()
         WHERE serviceid = p_serviceid AND graintypestring = p_graintypestring
           AND grainidn0 = p_grainidn0 AND grainidn1 = p_grainidn1
           AND grainidextensionstring = coalesce(p_grainidextensionstring, '')
           AND version = p_version
        RETURNING version INTO v_new;
    END IF;
    RETURN QUERY SELECT coalesce(v_new, p_version);
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey',
 'SELECT newgrainstateversion FROM engine_write_grain_state(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
      @GrainIdExtensionString, @GrainIdHash, @GrainTypeHash, @GrainStateVersion, @PayloadBinary)'),
('ReadFromStorageKey',
 'SELECT payloadbinary AS PayloadBinary, now() AS ModifiedOn, version AS Version
    FROM orleansstorage
   WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
     AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
     AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
     AND @GrainIdHash IS NOT NULL AND @GrainTypeHash IS NOT NULL'),
('ClearStorageKey',
 'UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
   WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
     AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
     AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
     AND version = @GrainStateVersion AND @GrainIdHash IS NOT NULL AND @GrainTypeHash IS NOT NULL
  RETURNING version AS NewGrainStateVersion'),
('DeleteStorageKey',
 'DELETE FROM orleansstorage
   WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
     AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
     AND grainidextensionstring = coalesce(@GrainIdExtensionString, '''')
     AND version = @GrainStateVersion AND @GrainIdHash IS NOT NULL AND @GrainTypeHash IS NOT NULL
  RETURNING version + 1 AS NewGrainStateVersion')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Person grain state, written by the engine's own grain storage (PostgresGrainStorage), which group-commits the
-- writes of many grains into one statement. version is the ETag: a write names the version it replaces, so a stale
-- activation's write changes nothing. A cleared state keeps its row (payload NULL) and its version moves on.
-- Every state-changing request rewrites its person's row (a few KiB), so the table is tuned for updates:
-- * toast_tuple_target 8160: a row up to a page is stored as it is. At the default (about 2 KiB) a person's state
--   was compressed on every write, and that compression was a large part of PostgreSQL's CPU per request;
-- * fillfactor 50: half of each page stays free for the next version of its rows, so an update is a HOT update
--   (same page, no index entry per write) even for a row of a few KiB. At 90 a page of such rows had no room.
-- Together they halved a complete visit's p50 and p99 on PostgreSQL at 1,500 visits/s (docs/performance.md), for
-- a table about twice as large. ALTER TABLE repeats them for tables made before, and applies to pages written since.
CREATE TABLE IF NOT EXISTS engine_grain_state
(
    service_id  varchar(150) NOT NULL,
    grain_id    varchar(512) NOT NULL,
    state_name  varchar(150) NOT NULL,
    version     bigint       NOT NULL,
    payload     bytea,
    modified_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_id, state_name)
) WITH (fillfactor = 50, toast_tuple_target = 8160);
ALTER TABLE engine_grain_state SET (fillfactor = 50, toast_tuple_target = 8160);

-- Persons were stored by the AdoNet provider (orleansstorage) before engine_grain_state existed: copy their rows over
-- (same serializer, same version numbers) unless the new table already has the person. Idempotent and never
-- overwrites a newer row; the old rows stay where they are. Stop every silo before applying it over a live database.
INSERT INTO engine_grain_state (service_id, grain_id, state_name, version, payload, modified_at)
SELECT serviceid, 'person/' || grainidextensionstring, 'person', version, payloadbinary, modifiedon
  FROM orleansstorage
 WHERE graintypestring = 'person'
ON CONFLICT (service_id, grain_id, state_name) DO NOTHING;

-- The institution-wide msgId registry (docs/architecture.md). kind: 0 claimed, 1 tombstone, 2 reversal (2601).
CREATE TABLE IF NOT EXISTS engine_message_registry
(
    institution  varchar(64)  NOT NULL,
    msg_id       varchar(64)  NOT NULL,
    kind         smallint     NOT NULL,
    psn_no       varchar(64),
    fingerprint  bytea,
    reversed     boolean      NOT NULL DEFAULT false,
    created_at   timestamptz  NOT NULL,
    PRIMARY KEY (institution, msg_id)
);
CREATE INDEX IF NOT EXISTS engine_message_registry_created_at ON engine_message_registry (created_at);

-- A batch of person-state writes in one statement, hence one transaction and one commit (PostgresGrainStateBatch),
-- with optimistic concurrency per row, the msgId claims the writes carry (IHasMessageClaim; all NULL for a batch
-- without claims) and the ledger rows they carry (IHasLedgerOutbox; none when the batch has none, and the caller
-- writes a batch with a retraction in a transaction of two parts instead, see PostgresGrainStateBatch). Returns, per input
-- position (write_ord, 1-based), the new version of a write that won, or claim_refused; a write that lost its
-- version check returns nothing.
-- * Claims: the first claim of each key is inserted (as PostgresMessageRegistry's claim batch does), or, when the key
--   is held already, returned if its holder is a claim (kind 0) of the same person: the same person's retry.
--   A write goes ahead only if its claim is held by its person; a key another person or a 2601 holds refuses the
--   write (claim_refused = true), which changes nothing. A claim inserted for a write that then loses its version
--   check stays, as it would after a separate claim: it is the person's, and the retry finds it.
-- * States: a write that saw version v updates the row if it still has v, to v + 1; a write that saw no row inserts
--   one at version 1 if there still is none. Of several writes of one key in a batch (two activations of one grain)
--   only the one that saw the latest version is tried (the first of them on a tie; a row's version only grows, so
--   that is the one that can still match); the others get no version, as a second statement would give them. (A
--   row that vanished under a write that saw v, which the engine never does, is written again at v + 1.)
-- * Ledger rows: those of the writes that won (event_write_ord names the write), inserted once per event id (a row
--   applied before is skipped), retracted at once if their retraction arrived first (engine_ledger_retraction).
--   The same insert as PostgresLedgerRows.InsertRows, which the relay and a batch with a 2601 use: change both.
-- Why a function, and why inserts with ON CONFLICT even for updates: planning the statement cost PostgreSQL about as
-- much as running it (0.42 of 1.14 ms per batch), so it is planned once per connection (a generic plan). A generic
-- plan is made without the arrays' contents and with whatever statistics the tables have at that moment, and kept:
-- joined to the input, the tables were read by a scan of the whole service (or of a one-page table that later grew)
-- for as long as the plan stayed (docs/performance.md). Here no table is scanned or joined at all: each input row
-- reaches its row through the primary key, as ON CONFLICT's arbiter, whatever the statistics. (The one lookup, of a
-- ledger row's retraction, reads engine_ledger_retraction, a table of the 2601s only.)
-- PostgresGrainStateBatchPlanTests checks the plan on an empty and on an analyzed database.
-- Its first form (commit dc72817) had no ledger arguments; a database that got it keeps an unused overload otherwise.
DROP FUNCTION IF EXISTS engine_write_grain_states(varchar, varchar[], varchar[], bigint[], bytea[], varchar[], varchar[],
    varchar[], timestamptz[]);
CREATE OR REPLACE FUNCTION engine_write_grain_states(
    p_service_id varchar, p_grain_id varchar[], p_state_name varchar[], p_expected_version bigint[], p_payload bytea[],
    p_claim_institution varchar[], p_claim_msg_id varchar[], p_claim_psn_no varchar[], p_claim_at timestamptz[],
    p_event_write_ord bigint[], p_event_id varchar[], p_institution varchar[], p_business_day date[],
    p_insured_region varchar[], p_treatment_region varchar[], p_medfee_fen bigint[], p_fund_pay_fen bigint[],
    p_pooled_fund_fen bigint[], p_civil_servant_fen bigint[], p_account_fen bigint[])
    RETURNS TABLE (write_ord bigint, new_version bigint, claim_refused boolean)
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH input AS MATERIALIZED (
        SELECT p_service_id AS service_id, t.*
          FROM unnest(p_grain_id, p_state_name, p_expected_version, p_payload, p_claim_institution, p_claim_msg_id,
                      p_claim_psn_no, p_claim_at)
               WITH ORDINALITY AS t(grain_id, state_name, expected_version, payload, claim_institution, claim_msg_id,
                                    claim_psn_no, claim_at, ord)),
    claim_firsts AS (
        SELECT DISTINCT ON (claim_institution, claim_msg_id) claim_institution, claim_msg_id, claim_psn_no, claim_at
          FROM input WHERE claim_msg_id IS NOT NULL
         ORDER BY claim_institution, claim_msg_id, ord),
    -- The update rewrites the row unchanged: it only makes RETURNING give a key that its person held before.
    claims_held AS (
        INSERT INTO engine_message_registry AS r (institution, msg_id, kind, psn_no, fingerprint, reversed, created_at)
        SELECT claim_institution, claim_msg_id, 0, claim_psn_no, NULL, false, claim_at FROM claim_firsts
        ON CONFLICT (institution, msg_id) DO UPDATE SET kind = r.kind
         WHERE r.kind = 0 AND r.psn_no = excluded.psn_no
        RETURNING r.institution, r.msg_id, r.psn_no),
    allowed AS (
        SELECT * FROM input i
         WHERE i.claim_msg_id IS NULL
            OR EXISTS (SELECT FROM claims_held h WHERE h.institution = i.claim_institution
                          AND h.msg_id = i.claim_msg_id AND h.psn_no = i.claim_psn_no)),
    write_firsts AS (
        SELECT DISTINCT ON (grain_id, state_name) service_id, grain_id, state_name, expected_version, payload, ord
          FROM allowed
         ORDER BY grain_id, state_name, expected_version DESC NULLS LAST, ord),
    -- The version proposed is the one the write would give the row; the update takes place only if the row has the
    -- version before it (never for a write that saw no row: versions start at 1).
    written AS (
        INSERT INTO engine_grain_state AS s (service_id, grain_id, state_name, version, payload)
        SELECT service_id, grain_id, state_name, coalesce(expected_version + 1, 1), payload FROM write_firsts
        ON CONFLICT (service_id, grain_id, state_name) DO UPDATE
           SET payload = excluded.payload, version = excluded.version, modified_at = now()
         WHERE s.version = excluded.version - 1
        RETURNING s.grain_id, s.state_name, s.version),
    won AS (
        SELECT f.ord, w.version
          FROM written w JOIN write_firsts f ON f.grain_id = w.grain_id AND f.state_name = w.state_name),
    -- Read by nothing below: PostgreSQL runs every data-modifying CTE to completion all the same.
    ledger_rows AS (
        INSERT INTO engine_ledger_row (event_id, institution, business_day, insured_region, treatment_region,
            medfee_fen, fund_pay_fen, pooled_fund_fen, civil_servant_fen, account_fen, retracted)
        SELECT e.event_id, e.institution, e.business_day, e.insured_region, e.treatment_region, e.medfee_fen,
               e.fund_pay_fen, e.pooled_fund_fen, e.civil_servant_fen, e.account_fen,
               EXISTS (SELECT FROM engine_ledger_retraction x WHERE x.event_id = e.event_id)
          FROM unnest(p_event_write_ord, p_event_id, p_institution, p_business_day, p_insured_region,
                      p_treatment_region, p_medfee_fen, p_fund_pay_fen, p_pooled_fund_fen, p_civil_servant_fen,
                      p_account_fen)
               AS e(write_ord, event_id, institution, business_day, insured_region, treatment_region, medfee_fen,
                    fund_pay_fen, pooled_fund_fen, civil_servant_fen, account_fen)
         WHERE e.write_ord IN (SELECT ord FROM won)
        ON CONFLICT (event_id) DO NOTHING)
    SELECT ord, version, false FROM won
    UNION ALL
    SELECT i.ord, NULL::bigint, true
      FROM input i
     WHERE i.claim_msg_id IS NOT NULL AND NOT EXISTS (SELECT FROM allowed a WHERE a.ord = i.ord);
END
$$;

-- The settlement ledger: one row per settlement or cancellation, keyed by the event id the person grain made,
-- so redelivery from a person's outbox is a no-op. A 2601 marks a row retracted.
CREATE TABLE IF NOT EXISTS engine_ledger_row
(
    event_id          varchar(96)  NOT NULL PRIMARY KEY,
    institution       varchar(64)  NOT NULL,
    business_day      date         NOT NULL,
    insured_region    varchar(16)  NOT NULL,
    treatment_region  varchar(16)  NOT NULL,
    medfee_fen        bigint       NOT NULL,
    fund_pay_fen      bigint       NOT NULL,
    pooled_fund_fen   bigint       NOT NULL,
    civil_servant_fen bigint       NOT NULL,
    account_fen       bigint       NOT NULL,
    retracted         boolean      NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS engine_ledger_row_institution_day ON engine_ledger_row (institution, business_day);
CREATE INDEX IF NOT EXISTS engine_ledger_row_day ON engine_ledger_row (business_day);

-- Retractions that arrived before their row (redelivery order across silos is not guaranteed).
CREATE TABLE IF NOT EXISTS engine_ledger_retraction
(
    event_id varchar(96) NOT NULL PRIMARY KEY
);

-- ---------------------------------------------------------------------------------------------------------------
-- Clustering: silo membership for Microsoft.Orleans.Clustering.AdoNet (Engine:Clustering=postgres).
-- The provider (10.4.2) loads these query keys from orleansquery at silo start and fails if one of the first nine
-- is missing; CleanupDefunctSiloEntryKey is optional, and when present it is used instead of the bulk clean-up.
-- Parameters are the provider's: @DeploymentId (the Orleans cluster id), @Address @Port @Generation (a silo),
-- @SiloName @HostName @Status @ProxyPort @StartTime @IAmAliveTime @SuspectTimes, and @Version (the table version
-- the silo read). Result columns are read by name, so the aliases below are quoted in the provider's spelling.
--
-- Own table names (not upstream's orleansmembershiptable): an upstream table of the same name but another shape
-- would survive CREATE TABLE IF NOT EXISTS and break these queries at run time.
-- ---------------------------------------------------------------------------------------------------------------

-- One row per cluster: the membership table version. Every change of a member row increments it in the same
-- statement (optimistic concurrency: a silo writes only if the version it read is still current).
CREATE TABLE IF NOT EXISTS engine_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    modified_on   timestamptz  NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation). Status: 3 active, 6 dead (Orleans' SiloStatus).
-- Times are timestamptz: the provider passes UTC DateTimes, which Npgsql sends as timestamptz.
CREATE TABLE IF NOT EXISTS engine_membership
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NOT NULL,
    suspect_times   text,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
-- Creates the cluster's version row once; returns true when this call created it.
('InsertMembershipVersionKey',
 'WITH created AS (
      INSERT INTO engine_membership_version (deployment_id) VALUES (@DeploymentId)
      ON CONFLICT (deployment_id) DO NOTHING
      RETURNING 1)
  SELECT count(*) > 0 FROM created'),
-- Adds a silo if the table is still at @Version and the silo is not there yet; bumps the version in the same
-- statement. A concurrent writer that bumped the version first makes this one change nothing and return false.
('InsertMembershipKey',
 'WITH bumped AS (
      UPDATE engine_membership_version v SET version = v.version + 1, modified_on = now()
       WHERE v.deployment_id = @DeploymentId AND v.version = @Version
         AND NOT EXISTS (SELECT 1 FROM engine_membership m
                          WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                            AND m.port = @Port AND m.generation = @Generation)
      RETURNING v.deployment_id),
  added AS (
      INSERT INTO engine_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                     proxy_port, suspect_times, start_time, i_am_alive_time)
      SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, NULL,
             @StartTime, @IAmAliveTime
        FROM bumped b
      ON CONFLICT DO NOTHING
      RETURNING 1)
  SELECT count(*) > 0 FROM added'),
-- Changes the status and suspicions of a silo if the table is still at @Version; bumps the version in the same statement.
('UpdateMembershipKey',
 'WITH bumped AS (
      UPDATE engine_membership_version v SET version = v.version + 1, modified_on = now()
       WHERE v.deployment_id = @DeploymentId AND v.version = @Version
         AND EXISTS (SELECT 1 FROM engine_membership m
                      WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                        AND m.port = @Port AND m.generation = @Generation)
      RETURNING v.deployment_id),
  changed AS (
      UPDATE engine_membership m
         SET status = @Status, suspect_times = @SuspectTimes,
             i_am_alive_time = greatest(m.i_am_alive_time, @IAmAliveTime)
        FROM bumped b
       WHERE m.deployment_id = b.deployment_id AND m.address = @Address
         AND m.port = @Port AND m.generation = @Generation
      RETURNING 1)
  SELECT count(*) > 0 FROM changed'),
-- The heartbeat: not a membership change, so the version stays. Never moves backwards.
('UpdateIAmAlivetimeKey',
 'UPDATE engine_membership
     SET i_am_alive_time = greatest(i_am_alive_time, @IAmAliveTime)
   WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),
-- One silo (and the version); always one row while the version row exists, member columns null when absent.
('MembershipReadRowKey',
 'SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
         m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
         m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
    FROM engine_membership_version v
    LEFT JOIN engine_membership m
      ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port
     AND m.generation = @Generation
   WHERE v.deployment_id = @DeploymentId'),
-- Every silo of the cluster (and the version).
('MembershipReadAllKey',
 'SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
         m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
         m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
    FROM engine_membership_version v
    LEFT JOIN engine_membership m ON m.deployment_id = v.deployment_id
   WHERE v.deployment_id = @DeploymentId
   ORDER BY m.address, m.port, m.generation'),
-- The Orleans gateways of active silos (used by Orleans clients; terminals use the terminal gateway port).
('GatewaysQueryKey',
 'SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM engine_membership
   WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0'),
-- Forgets a whole cluster (Orleans calls it when told to reset the membership table).
('DeleteMembershipTableEntriesKey',
 'WITH members AS (DELETE FROM engine_membership WHERE deployment_id = @DeploymentId)
  DELETE FROM engine_membership_version WHERE deployment_id = @DeploymentId'),
-- Bulk clean-up of dead silos whose last sign of life is older than @IAmAliveTime (the provider uses it only
-- without CleanupDefunctSiloEntryKey). Dead is final in Orleans: such a row is never needed again.
('CleanupDefunctSiloEntriesKey',
 'DELETE FROM engine_membership
   WHERE deployment_id = @DeploymentId AND status = 6
     AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime'),
-- Removes one dead silo the provider chose, only if its row still holds the values the provider read.
('CleanupDefunctSiloEntryKey',
 'DELETE FROM engine_membership
   WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
     AND status = 6 AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
     AND coalesce(suspect_times, '''') = coalesce(@SuspectTimes, '''')')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
