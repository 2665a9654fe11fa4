/**
 * Changes shown on screen before main has them everywhere (a flag, a ticket's row after
 * an action), kept so that an answer asked for before the change cannot undo it.
 *
 * A list or the reader takes `stamp()` when its request goes out and passes the answer
 * through `over()`: rows changed since get the change back. Main answers in the order it
 * was asked (one ordered channel, handlers that read the store at once), so an answer
 * asked for after a change already has it, and the change is then forgotten.
 */
export class LocalEdits<Row extends { id: string }> {
  private clock = 0;
  private readonly edits = new Map<string, { change: Partial<Row>; at: number }>();

  /** A change shown now for row `id`. */
  record(id: string, change: Partial<Row>): void {
    this.clock += 1;
    this.edits.set(id, { change: { ...this.edits.get(id)?.change, ...change }, at: this.clock });
  }

  /** Taken when a request goes out. */
  stamp(): number {
    return this.clock;
  }

  /** The rows of an answer asked for at `stamp`, with the changes made since put back. */
  over(rows: Row[], stamp: number): Row[] {
    for (const [id, edit] of this.edits) if (edit.at <= stamp) this.edits.delete(id);
    if (this.edits.size === 0) return rows;
    return rows.map((row) => {
      const edit = this.edits.get(row.id);
      return edit ? { ...row, ...edit.change } : row;
    });
  }

  /** A new list: nothing shown before applies. */
  clear(): void {
    this.edits.clear();
  }
}
