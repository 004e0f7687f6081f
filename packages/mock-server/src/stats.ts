import type { MockStats, MockStatsSnapshot } from './types';

type Counts = Record<string, number>;

function bump(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The counters behind `mock.stats`. */
export class StatsRecorder implements MockStats {
  #tokenRequests = 0;
  #byClient: Record<string, Counts> = {};
  #tokenStatus: Counts = {};
  #apiCalls = 0;
  #apiStatus: Counts = {};
  #apiPath: Counts = {};
  #apiClient: Counts = {};

  get tokenRequests(): number {
    return this.#tokenRequests;
  }

  /** A request reached the token endpoint. */
  tokenRequest(): void {
    this.#tokenRequests++;
  }

  /** How a token request ended; `status` is undefined for resets and hangs. */
  tokenOutcome(clientId: string | undefined, outcome: string, status: number | undefined): void {
    const key = clientId ?? '(none)';
    bump((this.#byClient[key] ??= {}), outcome);
    if (status !== undefined) bump(this.#tokenStatus, String(status));
  }

  /** A product API request was answered; `clientId` is the verified token's when it was authorised (200). */
  apiCall(path: string, status: number, clientId?: string): void {
    this.#apiCalls++;
    bump(this.#apiStatus, String(status));
    bump(this.#apiPath, path);
    if (status === 200 && clientId !== undefined) bump(this.#apiClient, clientId);
  }

  snapshot(): MockStatsSnapshot {
    return {
      tokenRequests: this.#tokenRequests,
      tokenRequestsByClient: Object.fromEntries(
        Object.entries(this.#byClient).map(([id, counts]) => [id, { ...counts }]),
      ),
      tokenResponsesByStatus: { ...this.#tokenStatus },
      apiCalls: this.#apiCalls,
      apiCallsByStatus: { ...this.#apiStatus },
      apiCallsByPath: { ...this.#apiPath },
      apiCallsByClient: { ...this.#apiClient },
    };
  }

  reset(): void {
    this.#tokenRequests = 0;
    this.#byClient = {};
    this.#tokenStatus = {};
    this.#apiCalls = 0;
    this.#apiStatus = {};
    this.#apiPath = {};
    this.#apiClient = {};
  }
}
