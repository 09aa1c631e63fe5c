/**
 * A fixed-size FIFO that never blocks its producer: when full, the oldest item is dropped and
 * counted. The DNS path pushes; a consumer elsewhere drains.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private length = 0;
  dropped = 0;

  constructor(capacity: number) {
    this.items = new Array(capacity);
  }

  push(item: T): void {
    const capacity = this.items.length;
    if (this.length === capacity) {
      this.head = (this.head + 1) % capacity;
      this.length--;
      this.dropped++;
    }
    this.items[(this.head + this.length) % capacity] = item;
    this.length++;
  }

  /** Removes and returns up to `max` items, oldest first. */
  drain(max = Number.POSITIVE_INFINITY): T[] {
    const count = Math.min(max, this.length);
    const out: T[] = new Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.items.length;
    }
    this.length -= count;
    return out;
  }

  get size(): number {
    return this.length;
  }
}
