import { describe, expect, it } from "vitest";
import { throttle, type Clock } from "./throttle";

function fakeClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { clock, advance };
}

describe("throttle", () => {
  it("runs at most 4 times a second under a flood of calls", () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = throttle(() => runs++, 250, clock);
    for (let i = 0; i < 100; i++) {
      t();
      advance(10); // 100 calls over one second
    }
    advance(1000);
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(runs).toBeLessThanOrEqual(5);
  });

  it("runs the first call at once and folds the rest into one trailing run", () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = throttle(() => runs++, 250, clock);
    t();
    expect(runs).toBe(1);
    t();
    t();
    expect(runs).toBe(1);
    advance(249);
    expect(runs).toBe(1);
    advance(1);
    expect(runs).toBe(2);
    advance(1000);
    expect(runs).toBe(2);
  });

  it("can be cancelled", () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = throttle(() => runs++, 250, clock);
    t();
    t();
    t.cancel();
    advance(1000);
    expect(runs).toBe(1);
  });
});
