/**
 * A fixed-size FIFO that never blocks its producer: when full, the oldest item is dropped and
 * counted. The DNS path pushes; a consumer elsewhere drains.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private length = 0;
  /** What the dropped items held: items, or what `weigh` counts in each (events in a row of them). */
  dropped = 0;
  private readonly weigh: (item: T) => number;
  /** What the held items hold, weighed the same way. */
  private held = 0;

  constructor(capacity: number, weigh: (item: T) => number = () => 1) {
    this.items = new Array(capacity);
    this.weigh = weigh;
  }

  push(item: T): void {
    const capacity = this.items.length;
    if (this.length === capacity) {
      const oldest = this.weigh(this.items[this.head] as T);
      this.dropped += oldest;
      this.held -= oldest;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % capacity;
      this.length--;
    }
    this.items[(this.head + this.length) % capacity] = item;
    this.length++;
    this.held += this.weigh(item);
  }

  /** Removes and returns up to `max` items, oldest first. */
  drain(max = Number.POSITIVE_INFINITY): T[] {
    const count = Math.min(max, this.length);
    const out: T[] = new Array(count);
    for (let i = 0; i < count; i++) {
      out[i] = this.items[this.head] as T;
      this.held -= this.weigh(out[i] as T);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.items.length;
    }
    this.length -= count;
    return out;
  }

  get size(): number {
    return this.length;
  }

  /** The held items' weight: events held, for a queue of rows of them. */
  get weight(): number {
    return this.held;
  }
}
