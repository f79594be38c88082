/** Code-unit order: the same in every locale, so results do not depend on where they are built. */
export function byString(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
