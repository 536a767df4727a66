// The `sessions:<instrument>:<profile>` WebSocket channel: the open session, provisional, on each
// 1m close, then its final row once the session has closed; every frame in the shape of
// SessionMessageSchema, which the dashboard is typed by.
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tick } from '../../src/domain/index.js';
import { SessionMessageSchema } from '../../src/server/ws-schemas.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

const DAY = Date.UTC(2024, 2, 5);
const MINUTE = 60_000;
const CHANNEL = 'sessions:sim:AAA:thin';
let now = DAY;

function trade(id: number, ts: number, price: number): Tick {
  return { instrument: 'sim:AAA', id, ts, price, qty: 1, buyerMaker: false };
}

describe('sessions WebSocket channel', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ listen: true, sessions: { clock: () => now } });
    await app.ctx.sessions?.start();
    // A profile that counts a session of a few bars, so that the thin test day gets a final row.
    const created = await app.request('POST', '/api/v1/sessions/profiles', {
      name: 'thin',
      tz: 'UTC',
      sessionStart: '00:00',
      ibMinutes: 1,
      minCoverage: 0.001,
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => app.close());

  it('pushes the open session on each 1m close and the final row when the session closes', async () => {
    const client = await connectClient(app.wsUrl, [CHANNEL]);
    now = DAY + 2 * MINUTE + 30_000;
    app.pipeline.ingest([trade(1, DAY + 10_000, 100), trade(2, DAY + MINUTE + 10_000, 104)]);
    app.pipeline.ingest([trade(3, DAY + 2 * MINUTE + 10_000, 98)]);
    const provisional = await client.next((m) => m.channel === CHANNEL && m.data?.provisional === true);
    expect(provisional.data.row).toMatchObject({ date: '2024-03-05', ibHigh: 100, ibLow: 100, ibBars: 1 });

    now = DAY + 86_400_000 + MINUTE;
    app.pipeline.ingest([trade(4, DAY + 86_400_000 + 5_000, 101)]);
    const final = await client.next((m) => m.channel === CHANNEL && m.data?.provisional === false);
    expect(final.data.row).toMatchObject({ date: '2024-03-05', breakUp: true, breakDown: true, close: 98 });
    expect(final.data.row).not.toHaveProperty('ibBars');
    for (const message of client.messages.filter((m) => m.channel === CHANNEL)) {
      expect(Value.Errors(SessionMessageSchema, message).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    }
    expect(app.ctx.sessions?.progress().appendedSessions).toBeGreaterThanOrEqual(1);
    client.socket.close();
  });

  it('refuses a channel of an unknown profile, naming the known ones', async () => {
    const client = await connectClient(app.wsUrl, ['sessions:sim:AAA:tokyo']);
    const error = await client.next((m) => m.op === 'error');
    expect(error.error.details.channels[0].reason).toMatch(/unknown profile "tokyo".*utc, ny, london, thin/);
    client.socket.close();
  });
});
