/**
 * Strings that repeat across millions of frames (SSIDs, vendor IE lists, malformed reasons) stored once; records
 * hold their id. Id 0 means "none". Bounded: past `limit` distinct values new ones share the overflow id, so a
 * hostile capture with a million random SSIDs cannot grow it without end.
 */
export class InternTable {
  private readonly ids = new Map<string, number>()
  private readonly values: string[] = ['']

  constructor(
    private readonly limit = 1 << 20,
    private readonly overflowText = '…',
  ) {}

  intern(value: string): number {
    const known = this.ids.get(value)
    if (known !== undefined) return known
    if (this.values.length >= this.limit) return this.overflowId()
    const id = this.values.length
    this.values.push(value)
    this.ids.set(value, id)
    return id
  }

  private overflowId(): number {
    const id = this.ids.get(this.overflowText)
    if (id !== undefined) return id
    this.values[this.limit - 1] = this.overflowText
    this.ids.set(this.overflowText, this.limit - 1)
    return this.limit - 1
  }

  get(id: number): string | undefined {
    return id === 0 ? undefined : this.values[id]
  }

  get size(): number {
    return this.values.length
  }
}
