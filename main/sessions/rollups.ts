import type Database from 'better-sqlite3'

// Rollups: the Timing view's aggregates kept pre-aggregated per period, so a screen reads a number of rows that grows
// with (time span x facets), not with stored sessions (issue 6: 10x the sessions must not cost more than 10x; even a
// bare scan of the sessions grows faster than that once they outgrow the CPU caches).
//
// Every ended session (outcome other than 'running') is counted once at each period: hour, day and week, aligned to
// the epoch. A query covers its [from, to) with the coarsest whole periods that fit and reads the partial hours at
// its edges from the sessions themselves (main/stats/rollup-source.ts), so counts are exact. Durations of successful
// sessions are kept in logarithmic buckets 1% wide with their exact count, sum, min and max: quantiles are within 1%,
// means, minima and maxima exact. Steps of successful sessions are kept as the sums the step breakdown divides.
//
// Triggers keep them in the same transaction as any write to sessions or steps, whoever writes (the runner, the
// recovery of interrupted sessions at open, the tests' and the benchmark's synthetic inserter, a deletion): a
// session counts from the moment its outcome leaves 'running'. The bucket uses ln(), which better-sqlite3 compiles in
// (SQLITE_ENABLE_MATH_FUNCTIONS); another SQLite without it could read this file but not end a session in it.

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
export const WEEK = 7 * DAY
/** Rollup periods, finest first; each divides the next. */
export const PERIODS = [HOUR, DAY, WEEK] as const
/** Relative width of a duration bucket: bucket b holds [BASE^b, BASE^(b+1)) ms; durations under 1 ms are bucket -1. */
export const BUCKET_BASE = 1.01
/** Bump when the rollups' definition changes: the next open rebuilds them from the sessions. */
export const ROLLUPS_VERSION = '1'

const LN_BASE = Math.log(BUCKET_BASE).toPrecision(17)

/** SQL for the duration bucket of a duration expression (ms). */
export function bucketSql(duration: string): string {
  return `(CASE WHEN (${duration}) >= 1 THEN CAST(floor(ln(${duration}) / ${LN_BASE}) AS INTEGER) ELSE -1 END)`
}

/** The lowest duration (ms) of a bucket, as the SQL above assigns it. */
export function bucketLow(bucket: number): number {
  return bucket < 0 ? -Infinity : Math.exp(bucket * Number(LN_BASE))
}

const FACETS = 'method, device_model, ssid, profile'
const NONE = 'char(0)' // stands for NULL in the unique keys (NULLs are all distinct to a UNIQUE index)
const OUTCOME_KEY = `(period, start, method, ifnull(device_model, ${NONE}), ssid, profile, outcome, ifnull(cause_id, ${NONE}), ifnull(cause_title, ${NONE}))`
const DURATION_KEY = `(period, start, method, ifnull(device_model, ${NONE}), ssid, profile, bucket)`
const STEP_KEY = `(period, start, method, ifnull(device_model, ${NONE}), ssid, profile, step_name)`

export const ROLLUP_TABLES = `
CREATE TABLE IF NOT EXISTS rollup_periods (period INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO rollup_periods (period) VALUES ${PERIODS.map((p) => `(${p})`).join(', ')};
CREATE TABLE IF NOT EXISTS rollup_outcomes (
  period INTEGER NOT NULL, start INTEGER NOT NULL, method TEXT NOT NULL, device_model TEXT, ssid TEXT NOT NULL, profile TEXT NOT NULL,
  outcome TEXT NOT NULL, cause_id TEXT, cause_title TEXT,
  n INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS rollup_outcomes_key ON rollup_outcomes ${OUTCOME_KEY};
CREATE TABLE IF NOT EXISTS rollup_durations (
  period INTEGER NOT NULL, start INTEGER NOT NULL, method TEXT NOT NULL, device_model TEXT, ssid TEXT NOT NULL, profile TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL, sum_ms INTEGER NOT NULL, min_ms INTEGER NOT NULL, max_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS rollup_durations_key ON rollup_durations ${DURATION_KEY};
CREATE TABLE IF NOT EXISTS rollup_steps (
  period INTEGER NOT NULL, start INTEGER NOT NULL, method TEXT NOT NULL, device_model TEXT, ssid TEXT NOT NULL, profile TEXT NOT NULL,
  step_name TEXT NOT NULL,
  total_ms INTEGER NOT NULL, sessions_with_step INTEGER NOT NULL, seq_sum INTEGER NOT NULL, rows INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS rollup_steps_key ON rollup_steps ${STEP_KEY};
-- Running sessions are not in the rollups; the few there are come straight from the sessions.
CREATE INDEX IF NOT EXISTS sessions_running ON sessions(started_at) WHERE outcome = 'running';
`

const duration = (s: string) => `(${s}.ended_at - ${s}.started_at)`
const stepDuration = (st: string) => `(COALESCE(${st}.ended_at, ${st}.started_at) - ${st}.started_at)`
const causeId = (s: string) => `json_extract(${s}.cause_json, '$.id')`
const causeTitle = (s: string) => `json_extract(${s}.cause_json, '$.title')`
/** period, start and facets of session `s` at every period of `p`. */
const keyOf = (s: string) => `p.period, ${s}.started_at / p.period * p.period, ${s}.method, ${s}.device_model, ${s}.ssid, ${s}.profile`
/** The rollup rows of session `s` (a trigger's NEW or OLD), at every period. */
const rowsOf = (s: string) =>
  `(period, start) IN (SELECT p.period, ${s}.started_at / p.period * p.period FROM rollup_periods p)
   AND method = ${s}.method AND device_model IS ${s}.device_model AND ssid = ${s}.ssid AND profile = ${s}.profile`

function addSession(s: string): string {
  return `
  INSERT INTO rollup_outcomes (period, start, ${FACETS}, outcome, cause_id, cause_title, n)
    SELECT ${keyOf(s)}, ${s}.outcome, ${causeId(s)}, ${causeTitle(s)}, 1 FROM rollup_periods p WHERE ${s}.outcome <> 'running'
    ON CONFLICT ${OUTCOME_KEY} DO UPDATE SET n = n + 1;
  INSERT INTO rollup_durations (period, start, ${FACETS}, bucket, n, sum_ms, min_ms, max_ms)
    SELECT ${keyOf(s)}, ${bucketSql(duration(s))}, 1, ${duration(s)}, ${duration(s)}, ${duration(s)}
    FROM rollup_periods p WHERE ${s}.outcome = 'succeeded' AND ${s}.ended_at IS NOT NULL
    ON CONFLICT ${DURATION_KEY} DO UPDATE SET n = n + 1, sum_ms = sum_ms + excluded.sum_ms,
      min_ms = min(min_ms, excluded.min_ms), max_ms = max(max_ms, excluded.max_ms);
  INSERT INTO rollup_steps (period, start, ${FACETS}, step_name, total_ms, sessions_with_step, seq_sum, rows)
    SELECT ${keyOf(s)}, st.name, SUM(${stepDuration('st')}), 1, SUM(st.seq), COUNT(*)
    FROM rollup_periods p JOIN steps st ON st.session_id = ${s}.id WHERE ${s}.outcome = 'succeeded' GROUP BY p.period, st.name
    ON CONFLICT ${STEP_KEY} DO UPDATE SET total_ms = total_ms + excluded.total_ms, sessions_with_step = sessions_with_step + 1,
      seq_sum = seq_sum + excluded.seq_sum, rows = rows + excluded.rows;`
}

/** Takes session `s` out of the outcome and duration rollups (run once the sessions table no longer holds it as `s`). */
function removeSessionCounts(s: string): string {
  const cell = (r: string) =>
    `s2.started_at >= ${r}.start AND s2.started_at < ${r}.start + ${r}.period AND s2.method = ${r}.method AND s2.device_model IS ${r}.device_model
     AND s2.ssid = ${r}.ssid AND s2.profile = ${r}.profile AND s2.outcome = 'succeeded' AND s2.ended_at IS NOT NULL`
  return `
  UPDATE rollup_outcomes SET n = n - 1
    WHERE ${rowsOf(s)} AND outcome = ${s}.outcome AND cause_id IS ${causeId(s)} AND cause_title IS ${causeTitle(s)} AND ${s}.outcome <> 'running';
  DELETE FROM rollup_outcomes WHERE n <= 0 AND ${rowsOf(s)};
  UPDATE rollup_durations SET n = n - 1, sum_ms = sum_ms - ${duration(s)}
    WHERE ${rowsOf(s)} AND bucket = ${bucketSql(duration(s))} AND ${s}.outcome = 'succeeded' AND ${s}.ended_at IS NOT NULL;
  DELETE FROM rollup_durations WHERE n <= 0 AND ${rowsOf(s)};
  UPDATE rollup_durations SET (min_ms, max_ms) = (
      SELECT MIN(d), MAX(d) FROM (SELECT ${duration('s2')} AS d FROM sessions s2 WHERE ${cell('rollup_durations')})
      WHERE ${bucketSql('d')} = rollup_durations.bucket)
    WHERE ${rowsOf(s)} AND bucket = ${bucketSql(duration(s))} AND ${s}.outcome = 'succeeded' AND ${s}.ended_at IS NOT NULL;`
}

/** Takes the steps of successful session `s` out of the step rollups (run while the steps table still holds them). */
function removeSessionSteps(s: string): string {
  const mine = `FROM steps st WHERE st.session_id = ${s}.id AND st.name = rollup_steps.step_name`
  return `
  UPDATE rollup_steps SET total_ms = total_ms - (SELECT SUM(${stepDuration('st')}) ${mine}), sessions_with_step = sessions_with_step - 1,
      seq_sum = seq_sum - (SELECT SUM(st.seq) ${mine}), rows = rows - (SELECT COUNT(*) ${mine})
    WHERE ${rowsOf(s)} AND step_name IN (SELECT name FROM steps WHERE session_id = ${s}.id) AND ${s}.outcome = 'succeeded';
  DELETE FROM rollup_steps WHERE rows <= 0 AND ${rowsOf(s)};`
}

/** Whether the step `t` is its session's only one of that name (besides itself). */
const onlyOfName = (t: string) => `NOT EXISTS (SELECT 1 FROM steps o WHERE o.session_id = ${t}.session_id AND o.name = ${t}.name AND o.rowid <> ${t}.rowid)`
const succeededSession = (t: string) => `(SELECT outcome FROM sessions WHERE id = ${t}.session_id) = 'succeeded'`

function addStep(t: string): string {
  return `
  INSERT INTO rollup_steps (period, start, ${FACETS}, step_name, total_ms, sessions_with_step, seq_sum, rows)
    SELECT ${keyOf('s')}, ${t}.name, ${stepDuration(t)}, ${onlyOfName(t)}, ${t}.seq, 1
    FROM rollup_periods p JOIN sessions s ON s.id = ${t}.session_id WHERE true
    ON CONFLICT ${STEP_KEY} DO UPDATE SET total_ms = total_ms + excluded.total_ms, sessions_with_step = sessions_with_step + excluded.sessions_with_step,
      seq_sum = seq_sum + excluded.seq_sum, rows = rows + 1;`
}

function removeStep(t: string): string {
  const session = `(SELECT p.period, s.started_at / p.period * p.period, s.method, s.ssid, s.profile FROM rollup_periods p JOIN sessions s ON s.id = ${t}.session_id)`
  const rows = `(period, start, method, ssid, profile) IN ${session} AND device_model IS (SELECT device_model FROM sessions WHERE id = ${t}.session_id)`
  return `
  UPDATE rollup_steps SET total_ms = total_ms - ${stepDuration(t)}, sessions_with_step = sessions_with_step - ${onlyOfName(t)},
      seq_sum = seq_sum - ${t}.seq, rows = rows - 1
    WHERE ${rows} AND step_name = ${t}.name;
  DELETE FROM rollup_steps WHERE rows <= 0 AND ${rows} AND step_name = ${t}.name;`
}

const SESSION_COLUMNS = 'outcome, ended_at, started_at, method, device_model, ssid, profile, cause_json'

export const ROLLUP_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS rollup_session_insert AFTER INSERT ON sessions WHEN NEW.outcome <> 'running' BEGIN ${addSession('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_session_update AFTER UPDATE OF ${SESSION_COLUMNS} ON sessions
WHEN OLD.outcome <> 'running' OR NEW.outcome <> 'running' BEGIN ${removeSessionCounts('OLD')} ${removeSessionSteps('OLD')} ${addSession('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_session_delete_steps BEFORE DELETE ON sessions WHEN OLD.outcome = 'succeeded' BEGIN ${removeSessionSteps('OLD')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_session_delete AFTER DELETE ON sessions WHEN OLD.outcome <> 'running' BEGIN ${removeSessionCounts('OLD')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_step_insert AFTER INSERT ON steps WHEN ${succeededSession('NEW')} BEGIN ${addStep('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_step_update AFTER UPDATE ON steps WHEN ${succeededSession('OLD')} OR ${succeededSession('NEW')} BEGIN
  ${removeStep('OLD')} ${addStep('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_step_delete AFTER DELETE ON steps WHEN ${succeededSession('OLD')} BEGIN ${removeStep('OLD')}
END;
`

/** Rebuilds every rollup from the sessions, set by set (the first open of a database that predates them). */
export function rebuildRollups(db: Database.Database): void {
  db.exec(`
    DELETE FROM rollup_outcomes; DELETE FROM rollup_durations; DELETE FROM rollup_steps;
    INSERT INTO rollup_outcomes (period, start, ${FACETS}, outcome, cause_id, cause_title, n)
      SELECT ${keyOf('s')}, s.outcome, ${causeId('s')}, ${causeTitle('s')}, COUNT(*)
      FROM rollup_periods p, sessions s WHERE s.outcome <> 'running' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
    INSERT INTO rollup_durations (period, start, ${FACETS}, bucket, n, sum_ms, min_ms, max_ms)
      SELECT ${keyOf('s')}, ${bucketSql(duration('s'))}, COUNT(*), SUM(${duration('s')}), MIN(${duration('s')}), MAX(${duration('s')})
      FROM rollup_periods p, sessions s WHERE s.outcome = 'succeeded' AND s.ended_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
    INSERT INTO rollup_steps (period, start, ${FACETS}, step_name, total_ms, sessions_with_step, seq_sum, rows)
      SELECT ${keyOf('s')}, st.name, SUM(${stepDuration('st')}), COUNT(DISTINCT st.session_id), SUM(st.seq), COUNT(*)
      FROM rollup_periods p, sessions s JOIN steps st ON st.session_id = s.id WHERE s.outcome = 'succeeded' GROUP BY 1, 2, 3, 4, 5, 6, 7;
  `)
}

/**
 * Called at every open after the schema: builds the rollups once when they are new (or their definition changed),
 * inside one write transaction so two processes opening the same file do it once.
 */
export function ensureRollups(db: Database.Database): void {
  const current = () => (db.prepare(`SELECT value FROM meta WHERE key = 'rollups'`).pluck().get() as string | undefined) === ROLLUPS_VERSION
  if (current()) return
  db.transaction(() => {
    if (current()) return
    rebuildRollups(db)
    db.prepare(`INSERT INTO meta (key, value) VALUES ('rollups', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(ROLLUPS_VERSION)
  }).immediate()
}
