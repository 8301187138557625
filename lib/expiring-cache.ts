/**
 * A bounded in-memory cache whose entries expire: what is fetched from elsewhere (client
 * documents, JWK Sets, identity providers' configurations) is kept a few minutes. Past
 * `maxEntries`, the oldest entry makes room.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The value while it is fresh; undefined once it has expired or was never kept. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > Date.now() ? entry.value : undefined;
  }

  set(key: string, value: V, ttlMs: number) {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { value, until: Date.now() + ttlMs });
  }
}
