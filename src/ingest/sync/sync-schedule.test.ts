import { afterEach, describe, expect, it, vi } from 'vitest';
import { binanceEndpoints } from '../../sources/binance/endpoints.js';
import { syncRequestsPerWindow } from './daily-sync.js';
import { SyncCron, timerScheduler } from './sync-schedule.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('SyncCron', () => {
  it('reads the expression in UTC and gives the first run strictly after a time', () => {
    const cron = new SyncCron('5 0 * * *');
    expect(cron.nextRunAfter(Date.UTC(2026, 0, 1, 0, 4, 59))).toBe(Date.UTC(2026, 0, 1, 0, 5));
    expect(cron.nextRunAfter(Date.UTC(2026, 0, 1, 0, 5))).toBe(Date.UTC(2026, 0, 2, 0, 5));
    expect(new SyncCron('0 */6 * * *').nextRunAfter(Date.UTC(2026, 0, 1, 7))).toBe(Date.UTC(2026, 0, 1, 12));
  });

  it('refuses an expression that is not cron, or never fires, saying what a good one looks like', () => {
    expect(() => new SyncCron('every day')).toThrow(/sync cron must be a cron expression such as "5 0 \* \* \*"/);
    expect(() => new SyncCron('0 0 30 2 *')).toThrow(/"0 0 30 2 \*" never fires/);
  });
});

describe('timerScheduler', () => {
  it('calls back at the time asked, not before, and not once cancelled', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const scheduler = timerScheduler();
    const fired: string[] = [];
    scheduler.at(Date.UTC(2026, 0, 1, 0, 5), () => fired.push('a'));
    const cancel = scheduler.at(Date.UTC(2026, 0, 1, 0, 6), () => fired.push('b'));
    vi.advanceTimersByTime(5 * 60_000 - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    cancel();
    vi.advanceTimersByTime(10 * 60_000);
    expect(fired).toEqual(['a']);
  });

  it('waits longer than setTimeout can in steps (a yearly schedule)', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    let fired = 0;
    timerScheduler().at(Date.UTC(2026, 6, 1), () => fired++);
    vi.advanceTimersByTime(Date.UTC(2026, 6, 1) - Date.UTC(2026, 0, 1) - 1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });
});

describe('the sync request budget', () => {
  it('is half of the weight budget at the weight of a full kline page', () => {
    // Spot: 6,000 weight a minute, 2 a request; USD-M: 2,400, 5 a request of 1,000 rows.
    expect(syncRequestsPerWindow(binanceEndpoints('binance'), 0.5)).toBe(1_500);
    expect(syncRequestsPerWindow(binanceEndpoints('binance-futures'), 0.5)).toBe(240);
    expect(syncRequestsPerWindow(binanceEndpoints('binance-futures'), 0)).toBe(1);
  });
});
