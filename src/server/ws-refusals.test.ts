import { describe, expect, it } from 'vitest';
import { ChannelRefusals } from './ws-refusals.js';
import { MAX_LISTED_REFUSALS } from './ws-schemas.js';

describe('ChannelRefusals', () => {
  it('answers nothing when nothing was refused', () => {
    expect(new ChannelRefusals().errors()).toEqual([]);
  });

  it('gives a single refusal its own reason as the message', () => {
    const refusals = new ChannelRefusals();
    refusals.add('bad_channel', 'bars:sim:AAA:7m', 'unknown timeframe "7m" in channel "bars:sim:AAA:7m"');
    expect(refusals.errors()).toEqual([
      {
        op: 'error',
        error: {
          code: 'bad_channel',
          message: 'unknown timeframe "7m" in channel "bars:sim:AAA:7m"',
          details: {
            count: 1,
            channels: [{ channel: 'bars:sim:AAA:7m', reason: 'unknown timeframe "7m" in channel "bars:sim:AAA:7m"' }],
          },
        },
      },
    ]);
  });

  it('collapses many refusals into one error per reason, listing the first ones and counting all', () => {
    const refusals = new ChannelRefusals();
    for (let i = 0; i < 120; i++) refusals.add('bad_channel', `nope:${i}`, `unknown channel "nope:${i}"`);
    for (let i = 0; i < 3; i++) refusals.add('too_many_channels', `bars:sim:X${i}:1s`, 'at most 200 channels', 200);
    const [bad, tooMany, ...rest] = refusals.errors();
    expect(rest).toEqual([]);
    expect(bad.error.code).toBe('bad_channel');
    expect(bad.error.message).toBe(
      `120 channels refused (the first ${MAX_LISTED_REFUSALS} in details.channels); ` +
        'the first: unknown channel "nope:0"',
    );
    expect(bad.error.details).toMatchObject({ count: 120 });
    const listed = (bad.error.details as { channels: Array<{ channel: string }> }).channels;
    expect(listed.map((c) => c.channel)).toEqual(Array.from({ length: MAX_LISTED_REFUSALS }, (_, i) => `nope:${i}`));
    expect(tooMany.error).toMatchObject({ code: 'too_many_channels', details: { count: 3, limit: 200 } });
  });

  it('echoes a long channel name and reason cut short, so a reply stays small whatever was sent', () => {
    const refusals = new ChannelRefusals();
    const name = 'x'.repeat(60_000);
    refusals.add('bad_channel', name, `unknown channel "${name}"`);
    const { error } = refusals.errors()[0];
    const [entry] = (error.details as { channels: Array<{ channel: string; reason: string }> }).channels;
    expect(entry.channel).toBe(`${'x'.repeat(199)}…`);
    expect(entry.reason).toHaveLength(400);
    expect(JSON.stringify(error).length).toBeLessThan(1_500);
  });

  it('refuses a whole request at once, counting every channel it names', () => {
    const refusals = new ChannelRefusals();
    refusals.addAll('too_many_channels', Array(20_000).fill(''), 'a request names at most 200 channels', 200);
    const errors = refusals.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toMatchObject({ code: 'too_many_channels', details: { count: 20_000, limit: 200 } });
    expect((errors[0].error.details as { channels: unknown[] }).channels).toHaveLength(MAX_LISTED_REFUSALS);
  });
});
