import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { BinanceNetworkError } from '../sources/binance/rest-client.js';
import { StoreFileError } from '../store/index.js';
import { CliError, describeFailure, reportFailure, wantsStackTraces } from './cli-error.js';
import { ConfigError } from './config.js';

function listenError(code: string, port: number, address: string): Error {
  return Object.assign(new Error(`listen ${code}: address already in use ${address}:${port}`), {
    code,
    syscall: 'listen',
    address,
    port,
  });
}

function printed(error: unknown, debug = false): { text: string; code: number } {
  let text = '';
  const code = reportFailure(error, { debug, write: (chunk) => (text += chunk) });
  return { text, code };
}

describe('describeFailure', () => {
  it('names the port in use and the two ways to choose another', () => {
    expect(describeFailure(listenError('EADDRINUSE', 8000, '127.0.0.1'))).toEqual({
      message: 'port 8000 on 127.0.0.1 is in use; choose another with --port or TICKSCOPE_PORT',
      details: [],
      exitCode: 1,
    });
  });

  it('gives bad flags and config values the usage exit code', () => {
    expect(describeFailure(new ConfigError('--port must be an integer in [0, 65535], got "x"')).exitCode).toBe(2);
    expect(describeFailure(new InvalidArgumentError('not a number')).exitCode).toBe(2);
  });

  it('names the Binance host and the innermost cause of a network failure', () => {
    const refused = new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND api.binance.com') });
    const error = new BinanceNetworkError('/api/v3/klines', refused, 'https://api.binance.com/api/v3/klines?x=1', 6);
    expect(describeFailure(error).message).toBe(
      'cannot reach Binance at api.binance.com (/api/v3/klines, 6 attempts): getaddrinfo ENOTFOUND api.binance.com',
    );
  });

  it('names an unusable database file and what to do, without pointing at a stack trace', () => {
    const error = new StoreFileError('/data/t.duckdb', 'it is truncated (300000 bytes, but its header lists 6 blocks)');
    expect(describeFailure(error)).toEqual({
      message:
        'the database file /data/t.duckdb cannot be used: it is truncated (300000 bytes, but its header lists 6 ' +
        'blocks). Restore it from a backup, or move it away (or choose another file with --db) to start with an ' +
        'empty database',
      details: [],
      exitCode: 1,
    });
  });

  it('keeps an unforeseen failure to one line with its cause and says where the stack trace is', () => {
    const error = new Error('store failed\n    more text', { cause: new Error('disk full') });
    expect(describeFailure(error).message).toBe('store failed: disk full (--log-level debug shows the stack trace)');
  });
});

describe('reportFailure', () => {
  it('prints one line, then the details indented, and no stack trace', () => {
    const { text, code } = printed(new CliError('2 of 3 lines could not be read', ['a.txt:1: not JSON', 'a.txt:3: x']));
    expect(text).toBe('tickscope: 2 of 3 lines could not be read\n  a.txt:1: not JSON\n  a.txt:3: x\n');
    expect(code).toBe(1);
  });

  it('adds the stack trace when debugging', () => {
    const { text } = printed(new Error('boom'), true);
    expect(text.split('\n')[0]).toBe('tickscope: boom (--log-level debug shows the stack trace)');
    expect(text).toMatch(/\n\s+at /);
  });
});

describe('wantsStackTraces', () => {
  it('follows the flag first, then TICKSCOPE_LOG_LEVEL', () => {
    expect(wantsStackTraces('debug', {})).toBe(true);
    expect(wantsStackTraces('info', { TICKSCOPE_LOG_LEVEL: 'trace' })).toBe(false);
    expect(wantsStackTraces(undefined, { TICKSCOPE_LOG_LEVEL: 'TRACE' })).toBe(true);
    expect(wantsStackTraces(undefined, {})).toBe(false);
  });
});
