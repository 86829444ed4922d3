/** The child's side of a `BenchChild`: messages to and from the parent, and the exit code of its `main`. */
export const parent = {
  send<FromChild>(message: FromChild): void {
    process.send!(message);
  },
  /** The parent's next message. */
  next<ToChild>(): Promise<ToChild> {
    return new Promise((resolve) => process.once('message', (message) => resolve(message as ToChild)));
  },
};

/** Runs a child's `main` and exits with 0 once it returns, with 1 (the error printed) if it throws. */
export function runChild(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
