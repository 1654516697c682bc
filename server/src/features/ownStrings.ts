// Copies of plain data whose strings hold no part of a larger string. A name taken from a
// tree-sitter node is a slice of the whole text the tree was parsed from, and keeps all of it alive
// (V8 slices strings of 13 characters or more): summaries kept after their file is closed, or of
// files never opened, would keep every such text.

/** `value` with each string of 13 characters or more copied; arrays and plain objects are copied, anything else kept. */
export function withOwnStrings<T>(value: T): T {
  if (typeof value === 'string') return (value.length < 13 ? value : JSON.parse(JSON.stringify(value))) as T;
  if (Array.isArray(value)) return value.map(withOwnStrings) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withOwnStrings(v)])) as T;
  }
  return value;
}
