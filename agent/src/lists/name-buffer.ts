/**
 * Accepted names of one list, held until the list as a whole passes its checks, so that a
 * rejected list leaves nothing behind in the snapshot. Names are stored length-prefixed.
 */
export class NameBuffer {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  count = 0;

  push(name: Uint8Array, length: number): void {
    if (this.used + length + 1 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length + 1));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    const bytes = this.bytes;
    let p = this.used;
    bytes[p++] = length;
    for (let i = 0; i < length; i++) bytes[p++] = name[i] as number;
    this.used = p;
    this.count++;
  }

  /** Calls `visit(bytes, start, length)` for each name; `bytes` is the shared backing array. */
  forEach(visit: (bytes: Uint8Array, start: number, length: number) => void): void {
    for (let p = 0; p < this.used; ) {
      const length = this.bytes[p] as number;
      visit(this.bytes, p + 1, length);
      p += length + 1;
    }
  }
}
