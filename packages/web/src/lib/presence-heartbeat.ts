/** How often the workspace tells the server the person is there (the server counts minutes). */
export const HEARTBEAT_MS = 60_000;

/** What the heartbeat needs from the browser; tests pass a fake. */
export interface HeartbeatEnvironment {
  visible(): boolean;
  onVisibilityChange(listener: () => void): () => void;
  every(ms: number, tick: () => void): () => void;
  send(): Promise<unknown>;
}

/**
 * Sends a heartbeat now and every minute while the page is visible, and at once when it becomes
 * visible again; nothing while hidden. Failures are ignored: a lost minute of presence only
 * lowers the logged-in time, never blocks work. Returns a function that stops it.
 */
export function startPresenceHeartbeat(env: HeartbeatEnvironment): () => void {
  const beat = () => {
    if (env.visible()) void env.send().catch(() => undefined);
  };
  beat();
  const stopTimer = env.every(HEARTBEAT_MS, beat);
  const stopListening = env.onVisibilityChange(beat);
  return () => {
    stopTimer();
    stopListening();
  };
}

/** The browser's environment for `startPresenceHeartbeat`. */
export function browserHeartbeat(send: () => Promise<unknown>): HeartbeatEnvironment {
  return {
    visible: () => document.visibilityState === "visible",
    onVisibilityChange(listener) {
      document.addEventListener("visibilitychange", listener);
      return () => document.removeEventListener("visibilitychange", listener);
    },
    every(ms, tick) {
      const timer = window.setInterval(tick, ms);
      return () => window.clearInterval(timer);
    },
    send,
  };
}
