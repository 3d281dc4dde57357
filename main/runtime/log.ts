// One logger for main. Every secret the station handles is registered here first, and every line is scrubbed
// of registered secrets before it is written, so a careless interpolation cannot leak a password.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  child(scope: string): Logger
}

const secrets = new Set<string>()
const order: LogLevel[] = ['debug', 'info', 'warn', 'error']

export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; passwords of 1-3 characters are redacted by field name instead.
  if (value && value.length >= 4) secrets.add(value)
}

export function redact(text: string): string {
  let out = text
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***')
  return out
}

const SECRET_FIELD = /pass(word|wd)?|secret|key|psk|token_raw/i

function scrubFields(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) out[name] = SECRET_FIELD.test(name) ? '***' : value
  return out
}

export interface LogSink {
  write(level: LogLevel, scope: string, message: string, fields?: Record<string, unknown>): void
}

export const stderrSink: LogSink = {
  write(level, scope, message, fields) {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ''
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}${extra}\n`)
  },
}

export function createLogger(scope: string, sink: LogSink = stderrSink, minLevel: LogLevel = levelFromEnv()): Logger {
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return
    const safeFields = scrubFields(fields)
    sink.write(level, scope, redact(message), safeFields && JSON.parse(redact(JSON.stringify(safeFields))))
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (child) => createLogger(`${scope}.${child}`, sink, minLevel),
  }
}

function levelFromEnv(): LogLevel {
  const value = process.env.PROVBENCH_LOG
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : 'warn'
}
