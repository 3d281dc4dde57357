/** One failure cause. The id is stable (stored with sessions, counted in the Timing view); the texts can improve. */
export interface CauseDefinition {
  /** `<area>.<what>`, lower-case words joined by dashes, e.g. `wifi.wrong-password`. */
  id: string
  /** A few words a support engineer recognises. */
  title: string
  /** Plain language: what happened, no jargon the user would not know. */
  explanation: string
  /** The next thing to try. */
  advice: string
}
