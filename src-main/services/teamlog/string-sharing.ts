/**
 * One copy of each equal string: JSON.parse and string building make a new copy per value,
 * and a team state or an index of 100,000 tickets repeats keys, names and labels many times.
 * Non-strings pass through. The map goes when the returned function does.
 */
export function stringSharing(): <T>(value: T) => T {
  const shared = new Map<string, string>();
  return <T>(value: T): T => {
    if (typeof value !== 'string') return value;
    const known = shared.get(value);
    if (known !== undefined) return known as T;
    shared.set(value, value);
    return value;
  };
}
