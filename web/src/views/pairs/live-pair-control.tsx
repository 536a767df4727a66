// Whether the pair on screen is followed live over the WebSocket (a live pair with these
// parameters runs on the server) or recomputed from stored bars and polled; offers to start it
// live, and when another parameter set already runs live, to switch to it.
import { useState } from 'react';
import { startLivePair, type PairKey } from '../../api/analytics-api.ts';
import type { LivePair, PairParams } from '../../api/analytics-types.ts';
import { ApiError, describeError } from '../../api/http.ts';
import { TIMEFRAME_MS } from '../../api/types.ts';
import { pollIntervalMs, type PairFeedMode } from '../../state/pair-feed.ts';
import { pairRouteParams } from '../../state/pair-params.ts';
import { updateParams } from '../../state/route-store.ts';

interface LivePairControlProps {
  pairKey: PairKey;
  params: PairParams;
  mode: PairFeedMode | null;
  livePair: LivePair | null;
  onStarted(): void;
}

export function LivePairControl({ pairKey, params, mode, livePair, onStarted }: LivePairControlProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const adoptable = livePair && mode !== 'live' ? livePair : null;

  const start = async () => {
    setPending(true);
    setError(null);
    try {
      await startLivePair({ ...pairKey, ...params });
      onStarted();
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 409 ? `${caught.message}.` : describeError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="live-pair-control">
      {mode === 'live' ? (
        <span
          className="pill ok"
          title="A live pair with these parameters runs on the server; every close arrives over the WebSocket"
        >
          <span className="dot" aria-hidden="true" /> Live pair · WebSocket
        </span>
      ) : mode === 'polled' ? (
        <span className="pill" title="Recomputed by the server from stored bars with these parameters">
          Recomputed · every {pollIntervalMs(TIMEFRAME_MS[pairKey.timeframe]) / 1000}s
        </span>
      ) : null}
      {mode === 'polled' && !adoptable && (
        <button
          type="button"
          className="button small"
          disabled={pending}
          onClick={() => void start()}
          title="POST /api/v1/pairs: the server computes this pair on every close and keeps it after a restart"
        >
          {pending ? 'Starting…' : 'Run live on server'}
        </button>
      )}
      {adoptable && (
        <button
          type="button"
          className="button small"
          title={
            `The server runs this pair live with lookback ${adoptable.params.lookback}, window ` +
            `${adoptable.params.window}, ${adoptable.params.hedge}`
          }
          onClick={() => updateParams(pairRouteParams(adoptable.x, adoptable.y, adoptable.timeframe, adoptable.params))}
        >
          Use live parameters ({adoptable.params.lookback}/{adoptable.params.window} {adoptable.params.hedge})
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
