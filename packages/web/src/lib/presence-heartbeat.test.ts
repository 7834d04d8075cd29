import { describe, expect, it } from "vitest";
import { HEARTBEAT_MS, startPresenceHeartbeat } from "./presence-heartbeat.js";

function fakeEnvironment() {
  let visible = true;
  let tick: (() => void) | undefined;
  let listener: (() => void) | undefined;
  const sent: number[] = [];
  let clock = 0;
  return {
    env: {
      visible: () => visible,
      onVisibilityChange(l: () => void) {
        listener = l;
        return () => {
          listener = undefined;
        };
      },
      every(ms: number, t: () => void) {
        expect(ms).toBe(HEARTBEAT_MS);
        tick = t;
        return () => {
          tick = undefined;
        };
      },
      send: async () => {
        sent.push(clock);
      },
    },
    minute() {
      clock++;
      tick?.();
    },
    setVisible(v: boolean) {
      visible = v;
      listener?.();
    },
    sent,
  };
}

describe("startPresenceHeartbeat", () => {
  it("beats now and each minute while visible, not while hidden, and again on return", () => {
    const fake = fakeEnvironment();
    const stop = startPresenceHeartbeat(fake.env);
    fake.minute();
    fake.minute();
    fake.setVisible(false);
    fake.minute();
    fake.minute();
    fake.setVisible(true);
    fake.minute();
    stop();
    fake.minute();
    expect(fake.sent).toEqual([0, 1, 2, 4, 5]);
  });
});
