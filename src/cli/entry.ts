import { systemClock, fixedClock } from "../shared/clock.ts";
import { runCli } from "./main.ts";

/** Process entry: real streams, the system clock (or REGUA_NOW for reproducible runs). */
export async function main(): Promise<void> {
  const env = process.env;
  // A reader that stops early (`regua … | head`) closes the pipe: the command still finishes
  // its work (an import commits, a dispatch records what it sent), printing nothing more.
  let stdoutClosed = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    stdoutClosed = true;
  });
  const code = await runCli(process.argv.slice(2), {
    io: {
      out: (s) => {
        if (!stdoutClosed) process.stdout.write(s);
      },
      err: (s) => process.stderr.write(s),
      isTty: Boolean(process.stdout.isTTY),
    },
    clock: env.REGUA_NOW ? fixedClock(env.REGUA_NOW) : systemClock,
    env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
