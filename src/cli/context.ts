import type { Clock } from "../shared/clock.ts";

/** What a CLI command may touch: its output streams, the clock and the environment. */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: progress bars and colours only then. */
  isTty: boolean;
};

export type CliContext = {
  io: CliIo;
  clock: Clock;
  env: Record<string, string | undefined>;
  cwd: string;
  /** A command that succeeds with a non-zero status (e.g. rows rejected) sets this. */
  exitCode?: number;
};

/** Prints a value as stable machine output (one JSON document and a newline). */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
