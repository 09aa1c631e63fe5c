/**
 * The value `map` holds for `key`, made by `make` and stored first if there is none: the step of
 * every nested tally. `make` is a function defined once (not a closure per call) on the DNS path.
 */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
