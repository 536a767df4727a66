// Receive stamps in real nanoseconds for recordings: `Date.now()` moves in whole milliseconds (and can step
// back when the system clock is set), so the wall clock is read once and the monotonic `process.hrtime`
// counter carries it forward. Successive stamps never go back and differ by the time that actually passed.

/** A clock of epoch nanoseconds, anchored to the wall clock when it is made. */
export function wallClockNs(
  wallMs: () => number = Date.now,
  monotonicNs: () => bigint = process.hrtime.bigint,
): () => bigint {
  const anchorMonotonic = monotonicNs();
  const anchorWall = BigInt(Math.round(wallMs() * 1_000)) * 1_000n;
  return () => anchorWall + (monotonicNs() - anchorMonotonic);
}
