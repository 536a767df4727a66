// Throughput and lag of the engine since the page opened, one point per `status` message, kept
// for the Status view's chart (which appends to it incrementally) whichever view is on screen.
import { healthRates, type TimedHealth } from './health-rates.ts';

export interface HealthPoint {
  /** Epoch seconds of the snapshot. */
  time: number;
  messagesPerSec: number;
  ticksPerSec: number;
  /** Worst feed lag across the streams, ms; null when no stream reports one. */
  maxFeedLagMs: number | null;
}

const MAX_POINTS = 6 * 3_600;
const points: HealthPoint[] = [];
const listeners = new Set<(point: HealthPoint) => void>();
let previous: TimedHealth | null = null;

export function recordHealth(snapshot: TimedHealth): void {
  const rates = healthRates(previous, snapshot);
  previous = snapshot;
  if (rates.messagesPerSec === null) return;
  const lags = snapshot.health.streams.map((stream) => stream.feedLagMs).filter((lag): lag is number => lag !== null);
  const time = Math.floor(snapshot.receivedAt / 1000);
  if (points.length > 0 && time <= points[points.length - 1].time) return;
  const point = {
    time,
    messagesPerSec: rates.messagesPerSec,
    ticksPerSec: snapshot.health.ingest.ticksPerSec,
    maxFeedLagMs: lags.length > 0 ? Math.max(...lags) : null,
  };
  points.push(point);
  if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
  listeners.forEach((listener) => {
    listener(point);
  });
}

export function healthHistory(): readonly HealthPoint[] {
  return points;
}

export function onHealthPoint(listener: (point: HealthPoint) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
