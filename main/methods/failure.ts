// A method reports what it observed; main/sessions/diagnosis decides what that means. Observation codes are stable
// ids shared by methods and the diagnosis, never prose.
export interface Observation {
  code: string
  /** Facts for the diagnosis and the evidence list: small values, never secrets. */
  facts?: Record<string, string | number | boolean>
}

export class MethodFailure extends Error {
  constructor(readonly observation: Observation, message?: string) {
    super(message ?? observation.code)
  }
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled')
  }
}

/** The abort reason after a session has ended, so leftovers of its method stop. */
export class SessionEnded extends Error {
  constructor() {
    super('session ended')
  }
}
