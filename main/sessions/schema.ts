import { ROLLUP_TABLES, ROLLUP_TRIGGERS } from './rollups'

// Schema version 2 (2 added the stats rollups, ./rollups.ts; built from the sessions at the first open, see ensureRollups).
// Steps are rows of their own so each one is durable the moment it starts and ends.
export const SCHEMA_VERSION = 2
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  encoding TEXT,
  device_id TEXT,
  device_label TEXT,
  device_model TEXT,
  ssid TEXT NOT NULL,
  bssid TEXT,
  profile TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  outcome TEXT NOT NULL,
  cause_json TEXT
);
CREATE INDEX IF NOT EXISTS sessions_started ON sessions(started_at);
CREATE INDEX IF NOT EXISTS sessions_method ON sessions(method, started_at);
-- For the Timing view's aggregations (main/stats): outcome and duration per method, causes, device model, Wi-Fi target.
CREATE INDEX IF NOT EXISTS sessions_timing ON sessions(outcome, method, (ended_at - started_at), started_at, ended_at, profile, device_model, ssid);
CREATE INDEX IF NOT EXISTS sessions_outcome_cause ON sessions(outcome, method, json_extract(cause_json, '$.id'));
CREATE INDEX IF NOT EXISTS sessions_model ON sessions(device_model, method);
CREATE INDEX IF NOT EXISTS sessions_ssid ON sessions(ssid);
CREATE TABLE IF NOT EXISTS steps (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  outcome TEXT NOT NULL,
  detail_json TEXT,
  PRIMARY KEY (session_id, seq)
);
CREATE TABLE IF NOT EXISTS secrets (
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  sealed BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, name)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
${ROLLUP_TABLES}
${ROLLUP_TRIGGERS}
INSERT INTO meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}') ON CONFLICT(key) DO UPDATE SET value = excluded.value;
`
