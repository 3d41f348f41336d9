// Progress on stderr: a bar redrawn in place on a terminal, plain lines (about every 10%) when
// piped, so logs stay readable.
export class Progress {
  private readonly tty: boolean;
  private lastLine = -1;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  update(done: number, status: string): void {
    if (this.tty) {
      const width = 24;
      const filled = this.total > 0 ? Math.round((done / this.total) * width) : width;
      this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} ${status}\x1b[K`);
      return;
    }
    const tenth = this.total > 0 ? Math.floor((done * 10) / this.total) : 10;
    if (tenth === this.lastLine) return;
    this.lastLine = tenth;
    this.out.write(`${done}/${this.total} ${status}\n`);
  }

  /** Ends the bar's line on a terminal. */
  done(): void {
    if (this.tty) this.out.write('\n');
  }
}
