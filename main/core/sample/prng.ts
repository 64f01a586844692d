// Deterministic randomness for the sample generator: a seeded PRNG, integer hashing and smooth value noise.
// Everything here is pure integer/float arithmetic (Math.imul, no Math.random, no clocks), so the same seed gives
// the same numbers on every run and platform.

/** 32-bit avalanche mix (murmur3 finaliser). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to three integers and a seed, as an unsigned 32-bit integer. */
export function hash3(seed: number, a: number, b = 0, c = 0): number {
  let h = mix32((seed ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(a | 0, 0x27d4eb2d)) >>> 0);
  h = mix32((h ^ Math.imul(b | 0, 0x165667b1)) >>> 0);
  h = mix32((h ^ Math.imul(c | 0, 0x61c88647)) >>> 0);
  return h;
}

/** Hash mapped to [0, 1). */
export function hashUnit(seed: number, a: number, b = 0, c = 0): number {
  return hash3(seed, a, b, c) / 4294967296;
}

/** Derives an independent stream seed from a base seed and a label (e.g. 'towns', 'landuse'). */
export function subSeed(seed: number, label: string): number {
  let h = mix32(seed >>> 0);
  for (let i = 0; i < label.length; i++) h = mix32((h ^ label.charCodeAt(i)) + 0x9e3779b9);
  return h;
}

/** sfc32: small, fast, good-quality 32-bit generator. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = mix32(seed ^ 0xdeadbeef);
    this.b = mix32(seed ^ 0x41c64e6d);
    this.c = mix32(seed ^ 0x6c078965);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Picks an index with probability proportional to weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}

/** Picks an index with probability proportional to weights, given a uniform number u in [0, 1). */
export function pickWeighted(weights: readonly number[], u: number): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = u * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** 2-D value noise in [-1, 1] on a unit lattice, quintic interpolation. */
export function valueNoise(seed: number, x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const fx = x - xi;
  const fy = y - yi;
  const ux = fx * fx * fx * (fx * (fx * 6 - 15) + 10);
  const uy = fy * fy * fy * (fy * (fy * 6 - 15) + 10);
  const a = hashUnit(seed, xi, yi);
  const b = hashUnit(seed, xi + 1, yi);
  const c = hashUnit(seed, xi, yi + 1);
  const d = hashUnit(seed, xi + 1, yi + 1);
  const v = a + (b - a) * ux + (c - a) * uy + (a - b - c + d) * ux * uy;
  return v * 2 - 1;
}

/** Fractal value noise: `octaves` layers, the first with wavelength `wavelength` (same units as x, y). Roughly in [-1, 1]. */
export function fbm(seed: number, x: number, y: number, wavelength: number, octaves = 3): number {
  let sum = 0;
  let amp = 1;
  let norm = 0;
  let f = 1 / wavelength;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(seed + o * 1013, x * f + o * 17.31, y * f - o * 9.77);
    norm += amp;
    amp *= 0.5;
    f *= 2.03;
  }
  return sum / norm;
}

/** 16×16 Bayer ordered-dither rank (0–255) of a lattice position: keeps thinned lattices evenly spread. */
const BAYER16 = (() => {
  const m = new Uint8Array(256);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      let v = 0;
      let xx = x;
      let yy = y;
      for (let bit = 0; bit < 4; bit++) {
        const xb = xx & 1;
        const yb = yy & 1;
        v = (v << 2) | ((xb ^ yb) << 1) | yb;
        xx >>= 1;
        yy >>= 1;
      }
      // The finest level ends up as the most significant digit: neighbours get ranks far apart.
      m[y * 16 + x] = v;
    }
  }
  return m;
})();

export function bayerRank(i: number, j: number): number {
  return BAYER16[((j & 15) << 4) | (i & 15)]!;
}
