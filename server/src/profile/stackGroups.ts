// Sums of sample values grouped by a stack's 53-bit hash, for the top stacks through a line. A hover
// on the hottest line of a 20 MB profile groups a million distinct stacks: a Map of objects took
// seconds, so this is an open-addressing table in typed arrays (keys, sums, one sample of each
// group to show its frames), and the top few are picked without sorting them all. Pure.

export class StackGroups {
  private keys = new Float64Array(1 << 12).fill(-1);
  private sums = new Float64Array(1 << 12);
  private samples = new Int32Array(1 << 12);
  private size = 0;

  /** Adds `value` to the group of `key` (a non-negative integer below 2^53), remembering `sample` as its example. */
  add(key: number, value: number, sample: number): void {
    const mask = this.keys.length - 1;
    let at = (key % 0x40000000) & mask;
    for (;;) {
      const k = this.keys[at];
      if (k === key) { this.sums[at] += value; return; }
      if (k === -1) break;
      at = (at + 1) & mask;
    }
    this.keys[at] = key;
    this.sums[at] = value;
    this.samples[at] = sample;
    if (++this.size * 2 > this.keys.length) this.grow();
  }

  /** The `n` largest groups, largest first: their sums and example samples. */
  top(n: number): Array<{ value: number; sample: number }> {
    const out: Array<{ value: number; sample: number }> = [];
    for (let at = 0; at < this.keys.length; at++) {
      if (this.keys[at] === -1) continue;
      const value = this.sums[at];
      if (out.length === n && value <= out[n - 1].value) continue;
      let i = out.length < n ? out.length : n - 1;
      while (i > 0 && out[i - 1].value < value) i--;
      out.splice(i, 0, { value, sample: this.samples[at] });
      if (out.length > n) out.pop();
    }
    return out;
  }

  private grow(): void {
    const { keys, sums, samples } = this;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.sums = new Float64Array(keys.length * 2);
    this.samples = new Int32Array(keys.length * 2);
    this.size = 0;
    for (let at = 0; at < keys.length; at++) if (keys[at] !== -1) this.add(keys[at], sums[at], samples[at]);
  }
}
