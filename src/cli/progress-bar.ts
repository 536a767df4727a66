// A one-line progress bar on stderr for long commands; silent when stderr is not a terminal
// (CI logs, pipes) unless forced.

export class ProgressBar {
  private lastDraw = 0;

  constructor(
    readonly enabled: boolean = process.stderr.isTTY === true,
    private readonly width = 30,
  ) {}

  /** Redraws at most every 200 ms unless `force`. `fraction` is 0..1. */
  update(fraction: number, label: string, force = false): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const clamped = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(clamped * this.width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ` +
        `${(clamped * 100).toFixed(0).padStart(3)}%  ${label}\x1b[K`,
    );
  }

  /** For work whose total is unknown (a download without a length): the label alone, as often as `update`. */
  note(label: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    process.stderr.write(`\r${label}\x1b[K`);
  }

  done(label: string): void {
    this.update(1, label, true);
    if (this.enabled) process.stderr.write('\n');
  }
}
