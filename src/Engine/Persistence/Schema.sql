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
