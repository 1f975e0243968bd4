/**
 * The value, narrowed to defined: for an array element or record entry that the test has just shown
 * to exist (indexed access is `T | undefined` under `noUncheckedIndexedAccess`). Throws, failing the
 * test with a message naming what is missing, when it is absent.
 */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, found none`);
  return value;
}
