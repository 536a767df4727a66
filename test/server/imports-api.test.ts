import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

const DAY = 86_400_000;
const D0 = Date.UTC(2024, 0, 1);

/** `days` daily rows, Yahoo-style, with `edit` to spoil one. */
function dailyCsv(days: number, edit: (line: number, fields: string[]) => void = () => {}): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  for (let i = 0; i < days; i++) {
    const close = 100 + 10 * Math.sin(i / 3) + i / 10;
    const day = new Date(D0 + i * DAY).toISOString().slice(0, 10);
    const fields = [day, String(close - 1), String(close + 2), String(close - 2), String(close), String(close), '1000'];
    edit(i + 2, fields);
    lines.push(fields.join(','));
  }
  return `${lines.join('\n')}\n`;
}

const BOUNDARY = 'tickscope-test-boundary';
function multipart(content: string, field = 'file') {
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload:
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="prices.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n${content}\r\n--${BOUNDARY}--\r\n`,
  };
}

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function upload(query: string, content: string, field = 'file') {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/imports?${query}`, ...multipart(content, field) });
  return { status: res.statusCode, body: res.json() };
}

describe('POST /api/v1/imports', () => {
  it('imports an uploaded CSV into an instrument that then serves bars and analytics like any other', async () => {
    t = await createTestApp({ engines: 'analytics' });
    const { status, body } = await upload('instrument=csv:MYDATA&map=close%3DAdj%20Close', dailyCsv(60));
    expect(status).toBe(201);
    expect(body.import).toMatchObject({
      instrument: 'csv:MYDATA',
      fileName: 'prices.csv',
      state: 'done',
      timeframe: '1d',
      rows: 60,
      barsWritten: { '1d': 60 },
      first: D0,
      last: D0 + 59 * DAY,
      columns: { close: 'Adj Close' },
      error: null,
    });
    const instruments = await t.get('/api/v1/instruments');
    expect(instruments.body).toContainEqual(expect.objectContaining({ id: 'csv:MYDATA', venue: 'csv', live: false }));
    const bars = await t.get('/api/v1/bars?instrument=csv:MYDATA&timeframe=1d&limit=100');
    expect(bars.body).toHaveLength(60);
    const analytics = await t.get('/api/v1/analytics?instrument=csv:MYDATA&timeframe=1d&window=20');
    expect(analytics.status).toBe(200);
    const listed = await t.get('/api/v1/imports');
    expect(listed.body.imports.map((i: { id: string }) => i.id)).toEqual([body.import.id]);
  });

  it('answers a file with a bad row 422 naming the row, stores nothing, and lists the failure', async () => {
    t = await createTestApp();
    const bad = dailyCsv(30, (line, fields) => {
      if (line === 17) fields[2] = '"12,5"';
    });
    const { status, body } = await upload('instrument=csv:MYDATA', bad);
    expect(status).toBe(422);
    expect(body.error).toMatchObject({
      code: 'invalid_csv',
      message: 'line 17, column High: "12,5" is not a number; nothing was stored',
      details: { problems: [{ line: 17, column: 'High', value: '12,5', message: 'is not a number' }], problemCount: 1 },
    });
    expect((await t.get('/api/v1/bars?instrument=csv:MYDATA&timeframe=1d')).status).toBe(404);
    const listed = await t.get('/api/v1/imports');
    expect(listed.body.imports[0]).toMatchObject({ state: 'failed', error: { code: 'invalid_csv' } });

    expect((await upload('instrument=csv:MYDATA', dailyCsv(30))).status).toBe(201);
    expect((await t.get('/api/v1/bars?instrument=csv:MYDATA&timeframe=1d')).body).toHaveLength(30);
  });

  it('validates without storing in a dry run', async () => {
    t = await createTestApp();
    const { status, body } = await upload('instrument=csv:MYDATA&dryRun=true', dailyCsv(10));
    expect(status).toBe(201);
    expect(body.import).toMatchObject({ dryRun: true, state: 'done', barsWritten: { '1d': 10 } });
    expect((await t.get('/api/v1/bars?instrument=csv:MYDATA&timeframe=1d')).status).toBe(404);
  });

  it('refuses bad options, a body that is not multipart and a file in another field with 400', async () => {
    t = await createTestApp();
    const badMap = await upload('instrument=csv:MYDATA&map=price%3DClose', dailyCsv(3));
    expect(badMap.status).toBe(400);
    expect(badMap.body.error).toMatchObject({ code: 'bad_request', details: { field: 'map' } });
    expect((await upload('instrument=csv:MYDATA&timeframe=2d', dailyCsv(3))).status).toBe(400);
    expect((await upload('instrument=nasdaq:AAPL', dailyCsv(3))).body.error.message).toMatch(/unknown venue/);
    expect((await upload('instrument=csv:MYDATA', dailyCsv(3), 'upload')).body.error.message).toMatch(/field "file"/);
    const json = await t.request('POST', '/api/v1/imports?instrument=csv:MYDATA', { rows: [] });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/multipart/);
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    t = await createTestApp({ importMaxBytes: 2_048 });
    const { status, body } = await upload('instrument=csv:MYDATA', dailyCsv(200));
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'file_too_large', details: { maxBytes: 2_048 } });
    expect((await t.get('/api/v1/bars?instrument=csv:MYDATA&timeframe=1d')).status).toBe(404);
  });

  it('previews the first rows with the columns and the timeframe, storing nothing', async () => {
    t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/preview?instrument=csv:MYDATA',
      ...multipart(dailyCsv(5)),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ delimiter: ',', timeframe: '1d', rowsRead: 5, columns: { time: 'Date' } });
  });

  it('tells the imports channel how an upload goes, ending with the finished import', async () => {
    t = await createTestApp({ listen: true });
    const client = await connectClient(t.wsUrl, ['imports']);
    try {
      const form = new FormData();
      form.append('file', new Blob([dailyCsv(20)], { type: 'text/csv' }), 'prices.csv');
      const res = await fetch(`${t.url}/api/v1/imports?instrument=csv:MYDATA`, { method: 'POST', body: form });
      expect(res.status).toBe(201);
      const done = await client.next((m) => m.channel === 'imports' && m.data.state === 'done');
      expect(done.data).toMatchObject({ type: 'import', instrument: 'csv:MYDATA', rows: 20, import: { rows: 20 } });
    } finally {
      client.socket.close();
    }
  });
});
