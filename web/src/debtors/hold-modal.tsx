import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { MessageKey } from "../i18n/messages.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useHoldChange, type HoldChange } from "./debtor-actions-api.ts";
import { channelLabel } from "./labels.ts";
import { fieldReason, modalProps } from "./modal-props.ts";

/** What the person asked to do: pause or resume (the debtor or one debt), dispute or end it, opt out of a channel or back in. */
export type HoldRequest =
  | { kind: "pause" | "resume" }
  | { kind: "pauseDebt" | "resumeDebt" | "dispute" | "undispute"; debt: { id: string; externalId: string } }
  | { kind: "optOut" | "optIn"; channel: string };

const TEXT: Record<HoldRequest["kind"], { title: MessageKey; intro: MessageKey; submit: MessageKey; done: MessageKey; danger?: boolean }> = {
  pause: { title: "holdForm.pause.title", intro: "holdForm.pause.intro", submit: "holdForm.pause.submit", done: "holdForm.pause.done", danger: true },
  resume: { title: "holdForm.resume.title", intro: "holdForm.resume.intro", submit: "holdForm.resume.submit", done: "holdForm.resume.done" },
  pauseDebt: { title: "holdForm.pauseDebt.title", intro: "holdForm.pauseDebt.intro", submit: "holdForm.pause.submit", done: "holdForm.pauseDebt.done", danger: true },
  resumeDebt: { title: "holdForm.resumeDebt.title", intro: "holdForm.resumeDebt.intro", submit: "holdForm.resume.submit", done: "holdForm.resumeDebt.done" },
  dispute: { title: "holdForm.dispute.title", intro: "holdForm.dispute.intro", submit: "holdForm.dispute.submit", done: "holdForm.dispute.done", danger: true },
  undispute: { title: "holdForm.undispute.title", intro: "holdForm.undispute.intro", submit: "holdForm.undispute.submit", done: "holdForm.undispute.done" },
  optOut: { title: "holdForm.optOut.title", intro: "holdForm.optOut.intro", submit: "holdForm.optOut.submit", done: "holdForm.optOut.done", danger: true },
  optIn: { title: "holdForm.optIn.title", intro: "holdForm.optIn.intro", submit: "holdForm.optIn.submit", done: "holdForm.optIn.done" },
};

/** One dialog for every hold: a reason (optional only for opt-out and opt-in) and, for a pause, an optional last day. */
export function HoldModal({
  creditorId, debtorId, request, today, onClose, onDone,
}: { creditorId: string; debtorId: string; request: HoldRequest | null; today: string; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const change = useHoldChange(creditorId, debtorId);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setReason("");
    setUntil("");
    setSubmitted(false);
    change.reset();
    onClose();
  }

  const kind = request?.kind ?? "pause";
  const text = TEXT[kind];
  const params = {
    debt: request && "debt" in request ? request.debt.externalId : "",
    channel: request && "channel" in request ? channelLabel(t, request.channel) : "",
  };
  const reasonOptional = kind === "optOut" || kind === "optIn";
  const withUntil = kind === "pause" || kind === "pauseDebt";
  const reasonError = submitted && !reasonOptional && reason.trim() === "" ? t("holdForm.reasonRequired") : fieldReason(change.error, "reason");
  const untilError = submitted && until !== "" && until < today ? t("holdForm.untilPast") : fieldReason(change.error, "until");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!request || (!reasonOptional && reason.trim() === "") || (until !== "" && until < today)) return;
    const r = reason.trim();
    let body: HoldChange;
    switch (request.kind) {
      case "pause":
        body = { kind: "pause", reason: r, until: until || null };
        break;
      case "resume":
        body = { kind: "resume", reason: r };
        break;
      case "pauseDebt":
        body = { kind: "pauseDebt", debtId: request.debt.id, reason: r, until: until || null };
        break;
      case "resumeDebt":
      case "dispute":
      case "undispute":
        body = { kind: request.kind, debtId: request.debt.id, reason: r };
        break;
      case "optOut":
      case "optIn":
        body = { kind: request.kind, channel: request.channel, reason: r };
        break;
    }
    change.mutate(body, {
      onSuccess: () => {
        close();
        onDone(t(text.done, params));
      },
    });
  }

  return (
    <Modal opened={request !== null} onClose={close} title={t(text.title, params)} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {change.isError && !reasonError && !untilError ? <ErrorAlert error={change.error} /> : null}
          <Text fz="sm">{t(text.intro, params)}</Text>
          <Textarea
            label={reasonOptional ? t("holdForm.reasonOptional") : t("holdForm.reason")}
            data-autofocus
            required={!reasonOptional}
            withAsterisk={false}
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
          />
          {withUntil ? (
            <TextInput type="date" label={t("holdForm.until")} description={t("holdForm.untilHint")} min={today} value={until} onChange={(event) => setUntil(event.currentTarget.value)} error={untilError} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color={text.danger ? "red" : undefined} loading={change.isPending}>
              {t(text.submit, params)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
