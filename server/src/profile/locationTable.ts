// Location id → index into the profile's locations, looked up once per stack frame of every sample.
// Go numbers locations 1…N, so a dense table serves; other writers' sparse ids fall back to a Map.
// One class with one method keeps the sample loop's call site monomorphic. Pure.

export class LocationTable {
  private readonly dense: Int32Array;
  private readonly sparse: ReadonlyMap<number, number> | undefined;

  constructor(index: ReadonlyMap<number, number>) {
    let maxId = 0;
    for (const id of index.keys()) maxId = Math.max(maxId, id);
    // Dense when the table is not much larger than the locations themselves.
    if (maxId <= Math.max(1 << 16, 4 * index.size)) {
      this.dense = new Int32Array(maxId + 1).fill(-1);
      for (const [id, i] of index) if (Number.isInteger(id) && id >= 0) this.dense[id] = i;
      this.sparse = undefined;
    } else {
      this.dense = new Int32Array(0);
      this.sparse = index;
    }
  }

  /** The index of location `id`, or -1 when the profile does not define it. */
  index(id: number): number {
    if (id >= 0 && id < this.dense.length) return this.dense[id];
    return this.sparse?.get(id) ?? -1;
  }
}
