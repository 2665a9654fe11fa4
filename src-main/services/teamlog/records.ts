/**
 * Reading and writing the team state's records by keys that come from events (ticket and
 * message keys, agent ids, queue names). The records are plain objects (they are JSON), so
 * a key like "constructor" must not find Object.prototype's member and "__proto__" must not
 * replace the prototype: anyone who can write the mailbox can write such a key.
 */

export function own<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function put<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
