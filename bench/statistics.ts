/** The middle value of a sample, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const lower = s[Math.ceil(s.length / 2) - 1];
  const upper = s[Math.floor(s.length / 2)];
  if (lower === undefined || upper === undefined) throw new RangeError('median of no values');
  return (lower + upper) / 2;
}
