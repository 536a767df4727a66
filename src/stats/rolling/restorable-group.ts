// Saves and restores several estimator states as one, for composites such as MACD.

import type { Restorable } from './window-estimator.js';

export class RestorableGroup implements Restorable {
  constructor(private readonly parts: readonly Restorable[]) {
    if (parts.length === 0) throw new Error('RestorableGroup needs at least one part');
  }

  save(): void {
    for (const part of this.parts) part.save();
  }

  restore(): boolean {
    let restored = true;
    for (const part of this.parts) restored = part.restore() && restored;
    return restored;
  }

  get count(): number {
    return this.parts[0].count;
  }
}
