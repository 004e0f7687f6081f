import type { StoredToken, TokenStore } from '../src';

/** A plain in-memory TokenStore that counts calls; `failing` makes every call throw. */
export class CountingStore implements TokenStore {
  readonly entries = new Map<string, StoredToken>();
  readonly calls = { get: 0, set: 0, delete: 0, close: 0 };
  failing = false;

  get(key: string): StoredToken | undefined {
    this.calls.get += 1;
    this.check();
    return this.entries.get(key);
  }

  set(key: string, token: StoredToken): void {
    this.calls.set += 1;
    this.check();
    this.entries.set(key, token);
  }

  delete(key: string, ifValue?: string): void {
    this.calls.delete += 1;
    this.check();
    if (ifValue === undefined || this.entries.get(key)?.value === ifValue) this.entries.delete(key);
  }

  async close(): Promise<void> {
    await Promise.resolve();
    this.calls.close += 1;
  }

  private check(): void {
    if (this.failing) throw new Error('store is down');
  }
}
