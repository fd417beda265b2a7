/**
 * Holds mutations on request, so a test can stop a client after exactly n deletes or restores
 * and look at what it journaled, without racing a timer. A held mutation is neither answered nor
 * applied until `resume()`; held ones then run in arrival order, and pausing again (after the
 * next n) holds the rest.
 */
export class MutationGate {
  #applied = 0;
  #paused = false;
  #pauseAt: number | undefined;
  #waiters: (() => void)[] = [];
  readonly #held: (() => void)[] = [];

  /** Mutations carried out (answered 2xx) since the sandbox started. */
  get applied(): number {
    return this.#applied;
  }

  get held(): number {
    return this.#held.length;
  }

  /**
   * Hold every mutation after the next `n` are applied; resolves once the n-th was applied (at
   * once for 0). Called while paused, it takes effect from the next `resume()`.
   */
  pauseAfter(n: number): Promise<void> {
    if (n <= 0) {
      this.#paused = true;
      this.#pauseAt = undefined;
      this.#release();
      return Promise.resolve();
    }
    this.#pauseAt = this.#applied + n;
    return new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Let held mutations through, in order, until a pending `pauseAfter` holds them again. */
  resume(): void {
    this.#paused = false;
    while (!this.#paused && this.#held.length > 0) this.#held.shift()?.();
  }

  /** Run a mutation now, or hold it while paused. */
  admit(run: () => void): void {
    if (this.#paused) this.#held.push(run);
    else run();
  }

  /** A mutation was carried out: count it, and pause when the count asked for is reached. */
  countApplied(): void {
    this.#applied++;
    if (this.#pauseAt !== undefined && this.#applied >= this.#pauseAt) {
      this.#paused = true;
      this.#pauseAt = undefined;
      this.#release();
    }
  }

  #release(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}
