// What /health and /metrics show of one long-lived connection to a platform: its state, since when,
// the last event it carried, how often it was (re)established, and the last failure (no secrets: the
// failure is the caller's message, never a URL, whose query carries the ticket).

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface ConnectionSnapshot {
  platform: string;
  mode: string;
  state: ConnectionState;
  /** ISO time the state was entered. */
  since: string;
  /** ISO time of the last event received over it, or null. */
  lastEventAt: string | null;
  /** Events received over it. */
  events: number;
  /** Times it was established. */
  connects: number;
  /** Times it was lost after being established (dropped, half-open, asked to move). */
  drops: number;
  lastError: string | null;
  /** ISO time it last stopped carrying events (lost, or not yet up); null while connected. Unlike
   *  `since` it holds through every reconnecting attempt, so /health can tell how long it has been down. */
  downSince: string | null;
}

export interface ConnectionStatus {
  snapshot(): ConnectionSnapshot;
  set(state: ConnectionState, error?: string): void;
  /** An event arrived. */
  event(): void;
}

export function createConnectionStatus(platform: string, mode: string, now: () => Date): ConnectionStatus {
  const current: ConnectionSnapshot = {
    platform,
    mode,
    state: 'connecting',
    since: now().toISOString(),
    lastEventAt: null,
    events: 0,
    connects: 0,
    drops: 0,
    lastError: null,
    downSince: now().toISOString(),
  };
  return {
    snapshot: () => ({ ...current }),
    set(state, error) {
      if (state === 'connected') current.connects += 1;
      if (current.state === 'connected' && state === 'reconnecting') current.drops += 1;
      if (error !== undefined) current.lastError = error;
      if (state !== current.state) {
        current.state = state;
        current.since = now().toISOString();
        if (state === 'connected') current.downSince = null;
        else current.downSince ??= current.since;
      }
    },
    event() {
      current.events += 1;
      current.lastEventAt = now().toISOString();
    },
  };
}
