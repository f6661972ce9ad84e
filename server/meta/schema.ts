/** Metadata tables, in the same DuckDB file as the events, schema `meta`. Created on start. */
export const META_DDL = [
  'CREATE SCHEMA IF NOT EXISTS meta',
  `CREATE TABLE IF NOT EXISTS meta.settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS meta.users (
    id VARCHAR PRIMARY KEY,
    email VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    password_hash VARCHAR,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS meta.api_keys (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    source VARCHAR,
    user_id VARCHAR,
    hash VARCHAR NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS meta.saved_queries (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    folder VARCHAR NOT NULL DEFAULT '',
    tags VARCHAR NOT NULL DEFAULT '[]',
    ql VARCHAR NOT NULL,
    owner_id VARCHAR NOT NULL,
    visibility VARCHAR NOT NULL,
    official BOOLEAN NOT NULL DEFAULT false,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS meta.saved_query_versions (
    query_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    folder VARCHAR NOT NULL,
    tags VARCHAR NOT NULL,
    ql VARCHAR NOT NULL,
    visibility VARCHAR NOT NULL,
    official BOOLEAN NOT NULL,
    author_id VARCHAR NOT NULL,
    created_at BIGINT NOT NULL,
    note VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (query_id, version)
  )`,
  `CREATE TABLE IF NOT EXISTS meta.query_definition_links (
    saved_query_id VARCHAR PRIMARY KEY,
    definition_id VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS meta.audit (
    id VARCHAR PRIMARY KEY,
    occurred_at BIGINT NOT NULL,
    actor_id VARCHAR,
    actor_email VARCHAR,
    action VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id VARCHAR,
    detail VARCHAR NOT NULL DEFAULT '{}'
  )`,
  `CREATE TABLE IF NOT EXISTS meta.dashboards (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    range VARCHAR NOT NULL,
    refresh_seconds INTEGER NOT NULL DEFAULT 0,
    panels VARCHAR NOT NULL DEFAULT '[]',
    owner_id VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS meta.release_markers (
    id VARCHAR PRIMARY KEY,
    occurs_at BIGINT NOT NULL,
    label VARCHAR NOT NULL,
    created_by VARCHAR,
    created_at BIGINT NOT NULL
  )`,
  // Alerts (server/alerts): rules, per-group state (written behind, every few seconds), the
  // delivery history, and the storm guard's record of storms (server/ingest/storm-guard.ts).
  `CREATE TABLE IF NOT EXISTS meta.alert_rules (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    enabled BOOLEAN NOT NULL,
    config VARCHAR NOT NULL,
    webhook_url VARCHAR NOT NULL,
    snoozed_until BIGINT,
    created_by VARCHAR,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS meta.alert_groups (
    rule_id VARCHAR NOT NULL,
    group_key VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    data VARCHAR NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (rule_id, group_key)
  )`,
  `CREATE TABLE IF NOT EXISTS meta.alert_deliveries (
    id VARCHAR PRIMARY KEY,
    rule_id VARCHAR,
    rule_name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    group_key VARCHAR,
    summary VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    attempts INTEGER NOT NULL,
    http_status INTEGER,
    error VARCHAR,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
  )`,
  `CREATE TABLE IF NOT EXISTS meta.storms (
    id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    client_field VARCHAR,
    client_value VARCHAR,
    client_share DOUBLE,
    peak_rate BIGINT NOT NULL,
    sample_every BIGINT NOT NULL,
    kept BIGINT NOT NULL,
    dropped BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    updated_at BIGINT NOT NULL
  )`,
];
