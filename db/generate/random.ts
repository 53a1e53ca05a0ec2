/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32), so a generated inquiry is the
 * same for the same seed on every machine. Never use Math.random in the generator.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i += 1) this.uint32();
  }

  /** A new generator whose stream depends only on this one's seed and `label` (streams do not shift each other). */
  fork(label: string): Random {
    let hash = 2166136261;
    for (let i = 0; i < label.length; i += 1) hash = Math.imul(hash ^ label.charCodeAt(i), 16777619) >>> 0;
    return new Random((this.peekSeed() ^ hash) >>> 0);
  }

  private peekSeed(): number {
    return (this.a ^ Math.imul(this.b, 31) ^ Math.imul(this.c, 17) ^ this.d) >>> 0;
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn by weights (need not sum to 1). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i += 1) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return items[this.weightedIndex(weights)]!;
  }

  /** Roughly normal (sum of uniforms), clamped to [min, max] and rounded. */
  around(mean: number, spread: number, min: number, max: number): number {
    const z = this.next() + this.next() + this.next() + this.next() - 2; // about −2..2, sd ≈ 0.58
    return Math.max(min, Math.min(max, Math.round(mean + (z / 0.58) * spread)));
  }

  /** Zipf-like pick: early items much more often than late ones. */
  zipf<T>(items: readonly T[], exponent = 1.1): T {
    // Inverse of a continuous power law over [1, n+1).
    const n = items.length;
    const u = this.next();
    const s = 1 - exponent;
    const index = Math.floor(Math.pow(u * (Math.pow(n + 1, s) - 1) + 1, 1 / s)) - 1;
    return items[Math.min(n - 1, Math.max(0, index))]!;
  }

  /** `count` distinct items (or all when fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].map((index) => items[index]!);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUIDv7 for the moment `ms` with its random bits from `random`: sortable by time like the app's
 * newId(), valid for the API's Id schema, and the same for the same seed.
 */
export function seededUuidV7(ms: number, random: Random): string {
  const bytes = new Array<number>(16);
  let time = Math.floor(ms);
  for (let i = 5; i >= 0; i -= 1) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  const r1 = random.uint32();
  const r2 = random.uint32();
  const r3 = random.uint32();
  bytes[6] = 0x70 | ((r1 >>> 24) & 0x0f);
  bytes[7] = (r1 >>> 16) & 0xff;
  bytes[8] = 0x80 | ((r1 >>> 8) & 0x3f);
  bytes[9] = r1 & 0xff;
  bytes[10] = (r2 >>> 24) & 0xff;
  bytes[11] = (r2 >>> 16) & 0xff;
  bytes[12] = (r2 >>> 8) & 0xff;
  bytes[13] = r2 & 0xff;
  bytes[14] = (r3 >>> 24) & 0xff;
  bytes[15] = (r3 >>> 16) & 0xff;
  const h = bytes.map((byte) => HEX[byte]!);
  return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
}
