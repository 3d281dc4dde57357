/**
 * The bind token from a device's answer to the LAN confirm query (`device.info.get`, §9.3), uppercased as the app
 * compares it; undefined unless the answer is code 200 with a string token.
 */
export function parseTokenReply(payload: string): string | undefined {
  try {
    const json = JSON.parse(payload) as { code?: unknown; data?: { token?: unknown } }
    return json.code === 200 && typeof json.data?.token === 'string' ? json.data.token.toUpperCase() : undefined
  } catch {
    return undefined
  }
}
