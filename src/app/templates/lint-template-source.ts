import { lintTemplate, type LintResult } from "../../domain/templates/lint.ts";
import type { Actor } from "../access.ts";
import type { AppDeps } from "../deps.ts";
import { authorizeExisting } from "../portfolio/debtors.ts";
import { checkChannel, checkContent, checkStage } from "./template-store.ts";

/** Lints template text without saving it (the editor's "check" button, `regua template lint`). */
export async function lintTemplateSource(deps: AppDeps, actor: Actor, creditorId: string, input: { content: string; channel: string; stage?: string }): Promise<LintResult> {
  await authorizeExisting(deps, actor, creditorId, "template.read");
  const channel = checkChannel(input.channel);
  const stage = input.stage === undefined ? undefined : checkStage(input.stage);
  return lintTemplate(checkContent(input.content), channel, stage ? { stage } : {});
}
