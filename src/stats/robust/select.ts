// Order statistics on Float64Arrays without a full sort: Hoare-partition quickselect with a
// median-of-three pivot, falling back to sorting the remaining range if partitioning degrades.
// Medians follow numpy: the mean (a + b)/2 of the two middle values for an even count.

const INSERTION_SORT_BELOW = 16;

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the value of rank k (0-based) within the whole array,
 * smaller-or-equal values before it and greater-or-equal after, and returns it.
 * NaN must not occur.
 */
export function selectKth(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi - lo >= INSERTION_SORT_BELOW) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k];
    }
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // a[lo..j] ≤ pivot ≤ a[i..hi], and everything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  insertionSort(a, lo, hi);
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Values of the given ranks of a[0..length-1] (reorders the array). Ranks are selected in
 * ascending order, each within the part above the previous one, so the total work stays linear.
 */
export function orderStatistics(a: Float64Array, ranks: readonly number[], length = a.length): number[] {
  const order = ranks.map((rank, i) => ({ rank, i })).sort((p, q) => p.rank - q.rank);
  const out = new Array<number>(ranks.length);
  let lo = 0;
  let previous = -1;
  for (const { rank, i } of order) {
    if (!Number.isInteger(rank) || rank < 0 || rank >= length) throw new Error(`rank ${rank} outside 0..${length - 1}`);
    if (rank !== previous) {
      selectKth(a, rank, lo, length - 1);
      lo = rank + 1;
      previous = rank;
    }
    out[i] = a[rank];
  }
  return out;
}

/** numpy.median of a[0..length-1] (reorders the array). */
export function medianInPlace(a: Float64Array, length = a.length): number {
  if (length === 0) throw new Error('median of an empty set');
  const upper = length >>> 1;
  if (length % 2 === 1) return selectKth(a, upper, 0, length - 1);
  const [low, high] = orderStatistics(a, [upper - 1, upper], length);
  return (low + high) / 2;
}

/** numpy.median of a copy of `values`. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}
