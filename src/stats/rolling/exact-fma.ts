// Correctly rounded fused multiply-add in plain double arithmetic (JavaScript has no Math.fma).
// Boldo & Melquiond, "Emulation of FMA and correctly-rounded sums: proved algorithms using
// rounding to odd", IEEE Trans. Computers 57(4), 2008: fma(a, b, c) = RN(th + RO(tl + ul)) with
// a·b = uh + ul exactly (Dekker) and c + uh = th + tl exactly (TwoSum). Valid without overflow
// or underflow, which holds for the moderate operands it is used with here.

const SPLITTER = 134_217_729; // 2^27 + 1
const word = new Float64Array(1);
const halves = new Uint32Array(word.buffer);
// Little-endian hosts (x86, ARM) keep the low 32 bits of a double in halves[0].
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** x + y rounded to odd: exact if representable, else the neighbour with an odd last bit. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const err = x - (s - bb) + (y - bb);
  if (err === 0) return s;
  word[0] = s;
  if ((halves[LOW] & 1) === 1) return s;
  // Even: the odd neighbour lies on the side of the exact sum (one step in the integer image).
  const awayFromZero = err > 0 === s > 0;
  if (awayFromZero) {
    if (halves[LOW] === 0xffffffff) {
      halves[LOW] = 0;
      halves[HIGH]++;
    } else halves[LOW]++;
  } else if (halves[LOW] === 0) {
    halves[LOW] = 0xffffffff;
    halves[HIGH]--;
  } else halves[LOW]--;
  return word[0];
}

/** a·b + c with a single rounding, as the hardware FMA instruction computes it. */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ah * bh - p + ah * bl + al * bh + al * bl;
  const th = c + p;
  const bb = th - c;
  const tl = c - (th - bb) + (p - bb);
  return th + addRoundToOdd(tl, pl);
}
