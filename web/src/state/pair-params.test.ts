import { describe, expect, it } from 'vitest';
import { DEFAULT_PAIR_PARAMS } from '../api/analytics-types.ts';
import { pairRouteParams, paramPatch, readPairSelection } from './pair-params.ts';

describe('readPairSelection', () => {
  it('reads the legs, timeframe and parameters of a link', () => {
    const selection = readPairSelection({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      window: '20',
      lookback: '30',
      hedge: 'kalman',
      entry: '1.5',
      exit: '0.25',
      price: 'log',
    });
    expect(selection).toEqual({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: {
        ...DEFAULT_PAIR_PARAMS,
        window: 20,
        lookback: 30,
        hedge: 'kalman',
        entry: 1.5,
        exit: 0.25,
        price: 'log',
      },
      problems: [],
    });
  });

  it('replaces values the server would refuse and says why', () => {
    const selection = readPairSelection({ window: '1', lookback: 'abc', hedge: 'ridge', exit: '3' });
    expect(selection.params).toMatchObject({ window: 60, lookback: 500, hedge: 'ols', exit: 0.5 });
    expect(selection.problems).toEqual([
      'hedge must be one of ols, kalman, theil-sen (got "ridge")',
      'lookback must be an integer from 20 to 20000 (got "abc")',
      'window must be an integer from 2 to 10000 (got "1")',
      'exit must be ≥ 0 and below entry (2) (got "3")',
    ]);
  });

  it('caps the Theil-Sen lookback the way the server does', () => {
    expect(readPairSelection({ hedge: 'theil-sen', lookback: '5000' }).params.lookback).toBe(500);
  });

  it('starts from the given defaults (a live pair) when the link has no parameters', () => {
    expect(readPairSelection({}, { ...DEFAULT_PAIR_PARAMS, window: 30 }).params.window).toBe(30);
  });
});

describe('pairRouteParams', () => {
  it('keeps default parameters out of the link', () => {
    expect(pairRouteParams('a:X', 'a:Y', '1m', { ...DEFAULT_PAIR_PARAMS, window: 20 })).toEqual({
      x: 'a:X',
      y: 'a:Y',
      timeframe: '1m',
      window: '20',
      lookback: null,
      hedge: null,
      entry: null,
      exit: null,
      price: null,
    });
  });
});

describe('paramPatch', () => {
  it('removes parameters set back to their default from the link', () => {
    expect(paramPatch({ hedge: 'ols', window: 25, exit: '0.5' })).toEqual({ hedge: null, window: '25', exit: null });
  });
});
