// The rules of one metric ordered by the value at which they next change state, so that a new
// value visits only the rules it moves (see evaluator.ts). A rule waiting for the value to rise
// to a level sits in a min-heap of levels, one waiting for it to fall in a max-heap; the top
// is the first rule a move reaches, and once the top does not change, no rule below it does.

/** A rule's place in a heap: the level that changes its state and whether reaching it exactly does. */
export interface TriggerSlot {
  level: number;
  /** True when a value equal to the level changes the state (>=, <=); false when it must pass it. */
  inclusive: boolean;
  /** Position in its heap; -1 when in none. */
  index: number;
}

export class TriggerHeap<T extends TriggerSlot> {
  private readonly items: T[] = [];
  /**
   * The top's level and inclusiveness, copied here (an empty heap's level is never reached): most
   * values move no rule, and telling so from the heap itself saves reading the array and the top
   * rule, which the rest of the ingestion path has long pushed out of the CPU's caches.
   */
  private topLevel: number;
  private topInclusive = false;

  /** `rising`: rules that change when the value rises to their level (a min-heap); else falling. */
  constructor(readonly rising: boolean) {
    this.topLevel = rising ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }

  /** The value reaches the level of the first rule, so popReached() would return some. */
  topReached(value: number): boolean {
    if (this.rising) return this.topInclusive ? value >= this.topLevel : value > this.topLevel;
    return this.topInclusive ? value <= this.topLevel : value < this.topLevel;
  }

  push(item: T): void {
    item.index = this.items.length;
    this.items.push(item);
    this.up(item.index);
    this.syncTop();
  }

  /** Removes and returns every item whose level `value` reaches. */
  popReached(value: number, into: T[]): void {
    while (this.topReached(value)) into.push(this.removeAt(0));
  }

  remove(item: T): void {
    if (item.index >= 0 && this.items[item.index] === item) this.removeAt(item.index);
  }

  private syncTop(): void {
    const top = this.items[0];
    this.topLevel = top !== undefined ? top.level : this.rising ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.topInclusive = top?.inclusive ?? false;
  }

  private removeAt(index: number): T {
    const items = this.items;
    const item = items[index];
    const last = items.pop()!;
    if (index < items.length) {
      items[index] = last;
      last.index = index;
      this.down(index);
      this.up(last.index);
    }
    item.index = -1;
    this.syncTop();
    return item;
  }

  /**
   * `a` is reached no later than `b`: lower levels first when rising, higher when falling; inclusive first at a tie.
   */
  private before(a: T, b: T): boolean {
    if (a.level !== b.level) return this.rising ? a.level < b.level : a.level > b.level;
    return a.inclusive && !b.inclusive;
  }

  private up(index: number): void {
    const items = this.items;
    const item = items[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex];
      if (!this.before(item, parent)) break;
      items[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    items[index] = item;
    item.index = index;
  }

  private down(index: number): void {
    const items = this.items;
    const item = items[index];
    const half = items.length >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (right < items.length && this.before(items[right], items[child])) child = right;
      if (!this.before(items[child], item)) break;
      items[index] = items[child];
      items[index].index = index;
      index = child;
    }
    items[index] = item;
    item.index = index;
  }
}
