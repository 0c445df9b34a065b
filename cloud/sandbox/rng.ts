/**
 * A small seeded PRNG (sfc32) whose state can be saved, so resource IDs, order IDs and injected
 * faults are the same run after run for the same seed.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | readonly [number, number, number, number]) {
    if (typeof seed === 'number') {
      this.a = 0x9e3779b9;
      this.b = 0x243f6a88;
      this.c = 0xb7e15162;
      this.d = seed >>> 0;
      for (let i = 0; i < 15; i++) this.next();
    } else {
      [this.a, this.b, this.c, this.d] = seed;
    }
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  state(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The three-character region prefix real resource IDs carry (`ri-2ze…` in Beijing, `ri-m5e…` in
 * Qingdao), so sandbox IDs look like the console's. Unknown regions get a stable made-up prefix.
 */
const REGION_PREFIX: Readonly<Record<string, string>> = {
  'cn-beijing': '2ze',
  'cn-qingdao': 'm5e',
  'cn-hangzhou': 'bp1',
  'cn-shanghai': 'uf6',
  'cn-shenzhen': 'wz9',
  'cn-zhangjiakou': '8vb',
  'cn-huhehaote': 'hp3',
  'cn-hongkong': 'j6c',
  'ap-southeast-1': 't4n',
  'us-west-1': 'rj9',
  'us-east-1': '0xi',
  'eu-central-1': 'gw8',
};

export function regionPrefix(regionId: string): string {
  const known = REGION_PREFIX[regionId];
  if (known) return known;
  let h = 2166136261;
  for (const ch of regionId) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return LOWER_ALNUM[h % 26]! + LOWER_ALNUM[(h >>> 8) % 36]! + LOWER_ALNUM[(h >>> 16) % 36]!;
}

/** `ri-2zeXXXXXXXXXXXXXXXXX`: kind prefix, region prefix, 18 random characters. */
export function newResourceId(rng: Rng, kind: string, regionId: string): string {
  return `${kind}-${regionPrefix(regionId)}${rng.chars(LOWER_ALNUM, 18)}`;
}
