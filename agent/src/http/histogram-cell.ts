/** Observations of one histogram series: a count per bucket (the last is +Inf), their sum and count. */
export interface HistogramCell {
  buckets: Float64Array;
  sum: number;
  count: number;
}

export function emptyCell(bounds: readonly number[]): HistogramCell {
  return { buckets: new Float64Array(bounds.length + 1), sum: 0, count: 0 };
}

/** Counts `seconds` in the first bucket whose upper bound it does not exceed. */
export function observeInto(cell: HistogramCell, bounds: readonly number[], seconds: number): void {
  let bucket = 0;
  while (bucket < bounds.length && seconds > (bounds[bucket] as number)) bucket++;
  (cell.buckets[bucket] as number)++;
  cell.sum += seconds;
  cell.count++;
}

/** Adds another thread's observations of the same series (same bounds) into `cell`. */
export function addInto(cell: HistogramCell, other: HistogramCell): void {
  for (let i = 0; i < cell.buckets.length; i++) (cell.buckets[i] as number) += other.buckets[i] ?? 0;
  cell.sum += other.sum;
  cell.count += other.count;
}
