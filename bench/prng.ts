/** A seeded PRNG (mulberry32): same seed, same data set, on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A Fisher–Yates shuffle of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}

/**
 * Draws indexes 0..n-1 with a Zipf–Mandelbrot skew (weight 1/(rank+offset)^s),
 * where `ranking[rank]` says which index holds that rank. A larger offset
 * flattens the head so the most popular item stays plausible.
 */
export class SkewedSampler {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly ranking: Int32Array,
    exponent: number,
    offset: number,
  ) {
    this.cumulative = new Float64Array(ranking.length);
    let sum = 0;
    for (let rank = 0; rank < ranking.length; rank++) {
      sum += 1 / Math.pow(rank + 1 + offset, exponent);
      this.cumulative[rank] = sum;
    }
  }

  sample(random: Random): number {
    const target = random.next() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= target) lo = mid + 1;
      else hi = mid;
    }
    return this.ranking[lo]!;
  }
}
