/** Counts data problems and keeps a few examples of each. */
export class Warnings {
  private readonly byKind = new Map<
    string,
    { count: number; examples: string[] }
  >();

  add(kind: string, example: string) {
    let w = this.byKind.get(kind);
    if (!w) {
      w = { count: 0, examples: [] };
      this.byKind.set(kind, w);
    }
    w.count++;
    if (w.examples.length < 3) {
      w.examples.push(example);
    }
  }

  list(): string[] {
    return [...this.byKind.entries()].map(
      ([kind, w]) => `${w.count} × ${kind} (e.g. ${w.examples.join(', ')})`,
    );
  }
}
