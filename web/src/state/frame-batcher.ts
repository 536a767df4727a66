// Coalesces bursts of WebSocket messages into one delivery per animation frame, keeping only the
// latest value per key (e.g. per bar start), so the chart repaints at most once per frame.

export class FrameBatcher<K, V> {
  private pending = new Map<K, V>();
  private frame: number | null = null;

  constructor(private readonly flush: (values: V[]) => void) {}

  push(key: K, value: V): void {
    // Re-inserting moves the key to the end, so delivery order follows the latest arrival.
    this.pending.delete(key);
    this.pending.set(key, value);
    this.frame ??= requestAnimationFrame(this.deliver);
  }

  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.pending.clear();
  }

  private readonly deliver = (): void => {
    this.frame = null;
    const values = [...this.pending.values()];
    this.pending.clear();
    if (values.length > 0) this.flush(values);
  };
}
