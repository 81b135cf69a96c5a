/**
 * Runs at most `concurrency` tasks at once; the rest wait in order. Used to
 * keep argon2 on fewer threads than there are cores, so a burst of sign-ins
 * slows other sign-ins, not every reader of the site.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
