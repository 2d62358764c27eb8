// Watch mode's pacing (at most two redraws a second, bursts folded into one) on a fake clock, and
// the change lines printed off a terminal.
import assert from 'node:assert/strict';
import type { CheckReport } from '../../src/check/report.js';
import { MIN_REDRAW_INTERVAL_MS, Pacer, type Clock } from '../../src/cli/watch.js';
import type { Finding } from '../../src/model/finding.js';
import { findingChanges, treeChanges } from '../../src/render/changes.js';

class FakeClock implements Clock {
  time = 0;
  private timers: Array<{ at: number; fn: () => void }> = [];
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const t = { at: this.time + ms, fn };
    this.timers.push(t);
    return t;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  pending(): number {
    return this.timers.length;
  }
  /** Moves time on to `to`, running due timers (and what they start) in order. */
  async advance(to: number): Promise<void> {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.time = to;
  }
}

describe('cli/watch pacing', () => {
  it('draws a burst once, and never twice within half a second', async () => {
    const clock = new FakeClock();
    const draws: number[] = [];
    const pacer = new Pacer(MIN_REDRAW_INTERVAL_MS, async () => void draws.push(clock.now()), clock);
    for (let i = 0; i < 50; i++) pacer.poke();
    await clock.advance(0);
    assert.deepEqual(draws, [0]);
    // Changes keep coming every 10 ms for 2 s: a draw every 500 ms, and one for the last change.
    for (let t = 10; t <= 2000; t += 10) {
      await clock.advance(t);
      pacer.poke();
    }
    await clock.advance(3000);
    assert.deepEqual(draws, [0, 500, 1000, 1500, 2000, 2500]);
    // Nothing new: nothing drawn, no timer left.
    await clock.advance(5000);
    assert.equal(draws.length, 6);
    assert.equal(clock.pending(), 0);
  });

  it('never draws twice at once, and a stop cancels what is pending', async () => {
    const clock = new FakeClock();
    let release!: () => void;
    let running = 0;
    let most = 0;
    const pacer = new Pacer(MIN_REDRAW_INTERVAL_MS, async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => (release = resolve));
      running--;
    }, clock);
    pacer.poke();
    await clock.advance(0);
    pacer.poke();
    await clock.advance(2000);
    assert.equal(most, 1, 'the second draw waits for the first');
    release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(clock.pending(), 1);
    pacer.stop();
    assert.equal(clock.pending(), 0);
  });
});

describe('render/changes', () => {
  const before = [
    'NAME                         STATUS     DETAILS',
    'Gateway/infra/gw             ✔ Ready    class eg',
    '├─ Listener/http             ✔ Ready    HTTP :80; 1 route',
    '│  └─ HTTPRoute/a/one        ✔ Ready',
    '│     └─ rule #0                        PathPrefix /',
    '│        └─ Service a/x:80   ✔ found    weight 1',
    '│           └─ endpoints     ✖ 0/1 ready',
    '└─ Listener/https            ✔ Ready    HTTPS :443; 0 routes',
  ].join('\n');

  it('prints a changed row as - and +, under the rows above it', () => {
    const after = before.replace('✖ 0/1 ready', '✔ 1/1 ready');
    assert.equal(
      treeChanges(before, after),
      [
        '  Gateway/infra/gw             ✔ Ready    class eg',
        '  ├─ Listener/http             ✔ Ready    HTTP :80; 1 route',
        '  │  └─ HTTPRoute/a/one        ✔ Ready',
        '  │     └─ rule #0                        PathPrefix /',
        '  │        └─ Service a/x:80   ✔ found    weight 1',
        '- │           └─ endpoints     ✖ 0/1 ready',
        '+ │           └─ endpoints     ✔ 1/1 ready',
        '',
      ].join('\n'),
    );
  });

  it('ignores columns that re-align and guides that change, and prints rows that went away', () => {
    const wider = before.replace(/ {3}(✔|✖)/g, '      $1').replace('NAME   ', 'NAME      ');
    assert.equal(treeChanges(before, wider), '');
    const without = before
      .split('\n')
      .filter((l) => !/HTTPRoute|rule|Service|endpoints/.test(l))
      .join('\n')
      .replace('1 route', '0 routes');
    const out = treeChanges(before, without).split('\n');
    assert.deepEqual(out.slice(0, 3), [
      '  Gateway/infra/gw             ✔ Ready    class eg',
      '- ├─ Listener/http             ✔ Ready    HTTP :80; 1 route',
      '+ ├─ Listener/http             ✔ Ready    HTTP :80; 0 routes',
    ]);
    assert.deepEqual(out.filter((l) => l.startsWith('- │')).length, 4);
  });

  it('prints new and resolved findings, then the totals', () => {
    const f = (code: string, name: string, severity: Finding['severity']): Finding => ({
      code,
      severity,
      subject: { kind: 'HTTPRoute', namespace: 'a', name },
      message: `${code} on ${name}`,
    });
    const report = (findings: Finding[]): CheckReport => ({
      findings,
      counts: { error: findings.filter((x) => x.severity === 'error').length, warning: findings.filter((x) => x.severity === 'warning').length, info: 0 },
      failed: false,
      incomplete: false,
    });
    const a = report([f('RT207', 'one', 'error'), f('RT209', 'two', 'warning')]);
    const b = report([f('RT209', 'two', 'warning'), f('RT201', 'three', 'error')]);
    assert.equal(
      findingChanges(a, b),
      '+ error RT201 HTTPRoute/a/three: RT201 on three\n- error RT207 HTTPRoute/a/one: RT207 on one\n= 1 error, 1 warning, 0 info\n',
    );
    assert.equal(findingChanges(a, a), '');
  });
});
