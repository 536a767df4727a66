// Every REST route that takes an instrument, a number or a time, checked the same way: a non-finite
// number is a 400 naming the field, an unknown instrument a 404 listing the known ones closest
// first, a time in ISO 8601 answers as its epoch ms, every bad field is named at once, and no
// input at all gives a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simTicks, T0 } from '../analytics/sim-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp<'analytics'>;
beforeAll(async () => {
  t = await createTestApp({ engines: 'analytics' });
  t.pipeline.ingest(simTicks(700, 20));
  await t.settle();
});
afterAll(async () => {
  await t.close();
});

interface RouteCase {
  path: string;
  query: Record<string, string>;
  /** A numeric query field. */
  number: string;
  /** The instrument field and how to put an instrument in it. */
  instrument: string;
  /** Whether the route takes `from` and `to`. */
  times: boolean;
}

const ROUTES: Record<string, RouteCase> = {
  ticks: { path: '/ticks', query: { instrument: 'sim:AAA' }, number: 'limit', instrument: 'instrument', times: true },
  bars: {
    path: '/bars',
    query: { instrument: 'sim:AAA', timeframe: '1s' },
    number: 'limit',
    instrument: 'instrument',
    times: true,
  },
  analytics: {
    path: '/analytics',
    query: { instrument: 'sim:AAA', timeframe: '1s' },
    number: 'window',
    instrument: 'instrument',
    times: true,
  },
  'pair analytics': {
    path: '/pairs/analytics',
    query: { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' },
    number: 'entry',
    instrument: 'y',
    times: true,
  },
  'pair regression': {
    path: '/pairs/regression',
    query: { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s', lookback: '100' },
    number: 'confidence',
    instrument: 'x',
    times: false,
  },
  correlation: {
    path: '/correlation',
    query: { instruments: 'sim:AAA,sim:BBB', timeframe: '1s', window: '60' },
    number: 'window',
    instrument: 'instruments',
    times: false,
  },
  scan: {
    path: '/scan',
    query: { instruments: 'sim:AAA,sim:BBB', timeframe: '1s', lookback: '100' },
    number: 'lookback',
    instrument: 'instruments',
    times: false,
  },
  gaps: { path: '/gaps', query: { instrument: 'sim:AAA' }, number: 'limit', instrument: 'instrument', times: false },
};

function url(route: RouteCase, changes: Record<string, string> = {}): string {
  return `/api/v1${route.path}?${new URLSearchParams({ ...route.query, ...changes })}`;
}

/** The same instrument field with one listed instrument replaced by a typo. */
function withTypo(route: RouteCase): Record<string, string> {
  return { [route.instrument]: route.query[route.instrument].replace(/sim:[A-Z]+/, 'sim:AAX') };
}

describe.each(Object.entries(ROUTES))('%s', (_name, route) => {
  it('answers the plain request', async () => {
    expect((await t.get(url(route))).status).toBe(200);
  });

  it.each(['1e400', 'Infinity', '-Infinity', 'NaN'])(
    `rejects ${route.number}=%s with a 400 naming the field`,
    async (value) => {
      const { status, body } = await t.get(url(route, { [route.number]: value }));
      expect(status).toBe(400);
      expect(body.error.details).toEqual([expect.objectContaining({ field: route.number, in: 'querystring' })]);
      expect(body.error.message).toContain(route.number);
    },
  );

  it('answers an unknown instrument with 404 listing the known ones, closest first', async () => {
    const { status, body } = await t.get(url(route, withTypo(route)));
    expect(status).toBe(404);
    expect(body.error.code).toBe('unknown_instrument');
    expect(body.error.message).toContain('sim:AAX');
    expect(body.error.details).toEqual([
      { field: route.instrument, value: 'sim:AAX', known: ['sim:AAA', 'sim:BBB', 'sim:CCC'] },
    ]);
  });

  it.runIf(route.times)('reads from and to as ISO 8601 the same as epoch ms', async () => {
    const epoch = await t.get(url(route, { from: String(T0 + 60_000), to: String(T0 + 120_000) }));
    const iso = await t.get(url(route, { from: '2024-01-01T12:01:00Z', to: '2024-01-01T14:02:00+02:00' }));
    expect(epoch.status).toBe(200);
    expect(iso.body).toEqual(epoch.body);
  });

  it.runIf(route.times)('names every bad field at once, with both allowed forms of a time', async () => {
    const { status, body } = await t.get(
      url(route, { from: 'yesterday', to: '2024-02-30', [route.number]: 'Infinity' }),
    );
    expect(status).toBe(400);
    const fields = body.error.details.map((d: { field: string }) => d.field);
    expect(fields.sort()).toEqual(['from', route.number, 'to'].sort());
    const from = body.error.details.find((d: { field: string }) => d.field === 'from');
    expect(from.message).toMatch(/epoch milliseconds .* or ISO 8601/);
    expect(from.value).toBe('yesterday');
  });
});

describe('routes with too little data', () => {
  it.each([
    ['/correlation', { instruments: 'sim:AAA,sim:BBB', timeframe: '1h' }, 'instruments', 0, 2],
    ['/scan', { instruments: 'sim:AAA,sim:BBB,sim:CCC', timeframe: '1h' }, 'instruments', 0, 2],
    ['/scan', { instruments: 'sim:AAA,sim:BBB', timeframe: '1s', lookback: '5000' }, 'lookback', 700, 5000],
    ['/correlation', { instruments: 'sim:AAA,sim:BBB', timeframe: '1m', window: '60' }, 'window', 12, 61],
    ['/pairs/regression', { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1h' }, 'lookback', 0, 500],
  ])(
    'answers %s %j with 422 not_enough_data saying how much there is and is needed',
    async (path, query, field, have, need) => {
      const { status, body } = await t.get(`/api/v1${path}?${new URLSearchParams(query)}`);
      expect(status).toBe(422);
      expect(body.error.code).toBe('not_enough_data');
      expect(body.error.details).toMatchObject({ field, have, need });
      expect(body.error.message).toContain(String(need));
    },
  );
});

describe('no input gives a 500', () => {
  const ODD_VALUES = [
    '',
    ' ',
    '-1',
    '0',
    '1.5',
    '1e400',
    '99999999999999999999',
    'null',
    '[]',
    '%00',
    'x'.repeat(300),
    '2024-01-01',
  ];
  const cases = Object.entries(ROUTES).flatMap(([name, route]) =>
    [...Object.keys(route.query), route.number, 'from', 'to', 'limit', 'format', 'hedge'].flatMap((field) =>
      ODD_VALUES.map((value) => [name, field, value] as const),
    ),
  );
  it(`answers ${cases.length} odd inputs with a 2xx or a 4xx in the envelope`, async () => {
    const failures: string[] = [];
    for (const [name, field, value] of cases) {
      const route = ROUTES[name];
      const res = await t.app.inject({ method: 'GET', url: url(route, { [field]: value }) });
      const body = res.statusCode >= 400 ? res.json() : null;
      if (res.statusCode >= 500 || (body !== null && typeof body.error?.code !== 'string'))
        failures.push(
          `${name} ${field}=${JSON.stringify(value.slice(0, 20))}: ${res.statusCode} ${res.body.slice(0, 200)}`,
        );
    }
    expect(failures).toEqual([]);
  });
});
