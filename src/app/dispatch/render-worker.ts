import { parentPort } from "node:worker_threads";
import { renderJob, type PassData, type RenderResult } from "./render-job.ts";
import type { RenderReply, RenderRequest } from "./render-pool.ts";

/** A render worker of `RenderPool`: each request carries the pass data its jobs use. */
parentPort!.on("message", (request: RenderRequest) => {
  void (async () => {
    const pass: PassData = { env: request.env, senders: new Map(request.senders), copyOptOuts: new Map(request.copyOptOuts), templates: new Map(request.templates) };
    const results: RenderResult[] = [];
    for (const job of request.jobs) results.push(await renderJob(pass, job));
    parentPort!.postMessage({ id: request.id, results } satisfies RenderReply);
  })();
});
