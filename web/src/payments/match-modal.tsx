import { Alert, Button, Group, Modal, Radio, Skeleton, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { Payment } from "../api/types.ts";
import { formatDocument } from "../debtors/format-document.ts";
import { fieldReason, modalProps } from "../debtors/modal-props.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useDebtorForMatch, useDebtorSearch, useMatchPayment, useRejectPayment } from "./payments-api.ts";
import { paymentSourceLabel, unmatchedReasonLabel } from "./payment-labels.ts";

const OLDEST = "__oldest__";

function PaymentSummary({ payment }: { payment: Payment }) {
  const { t, money, date } = useI18n();
  const reference = payment.ourNumber ? t("payments.ourNumber", { number: payment.ourNumber }) : payment.txid ? t("payments.txid", { txid: payment.txid }) : null;
  return (
    <Alert color="gray" variant="light">
      <Text fz="sm" fw={600}>
        {t("payments.summary", { amount: money(payment.amountCents), date: date(payment.paidDate), source: paymentSourceLabel(t, payment.source) })}
      </Text>
      {reference ? <Text fz="sm">{reference}</Text> : null}
      {payment.unmatchedReason ? <Text fz="sm">{unmatchedReasonLabel(t, payment.unmatchedReason)}</Text> : null}
    </Alert>
  );
}

/** Matching a queued payment: find the debtor (name, CPF/CNPJ, debt id…), then a debt of theirs or their open debts oldest first. */
export function MatchModal({ creditorId, payment, onClose, onDone }: { creditorId: string; payment: Payment | null; onClose: () => void; onDone: (message: string) => void }) {
  const { t, money, date } = useI18n();
  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState("");
  const [debtorId, setDebtorId] = useState<string | null>(null);
  const [target, setTarget] = useState<string>(OLDEST);
  const [note, setNote] = useState("");
  const search = useDebtorSearch(creditorId, searched);
  const debtor = useDebtorForMatch(creditorId, debtorId);
  const match = useMatchPayment(creditorId);

  function close() {
    setQuery("");
    setSearched("");
    setDebtorId(null);
    setTarget(OLDEST);
    setNote("");
    match.reset();
    onClose();
  }

  function submitSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearched(query.trim());
    setDebtorId(null);
    setTarget(OLDEST);
  }

  function submit() {
    if (!payment || !debtor.data) return;
    const input = target === OLDEST ? { debtorDocument: debtor.data.debtor.document } : { debtExternalId: target };
    match.mutate(
      { paymentId: payment.id, ...input, note: note.trim() || undefined },
      {
        onSuccess: (applied) => {
          close();
          onDone(t("payments.matched", { amount: money(applied.amountCents), debtor: debtor.data?.debtor.name ?? "" }));
        },
      },
    );
  }

  const openDebts = debtor.data?.debts.filter((d) => d.status === "open" || d.status === "disputed") ?? [];
  return (
    <Modal opened={payment !== null} onClose={close} title={t("payments.matchTitle")} size="lg" {...modalProps(t("common.close"))}>
      {payment ? (
        <Stack gap="md">
          <PaymentSummary payment={payment} />
          <form onSubmit={submitSearch} role="search" aria-label={t("payments.searchDebtor")}>
            <Group align="flex-end" gap="sm" wrap="nowrap">
              <TextInput
                type="search"
                label={t("payments.searchDebtor")}
                description={t("payments.searchHint")}
                value={query}
                onChange={(event) => setQuery(event.currentTarget.value)}
                data-autofocus
                style={{ flex: 1 }}
              />
              <Button type="submit" variant="default">
                {t("payments.search")}
              </Button>
            </Group>
          </form>
          {search.isError ? <ErrorAlert error={search.error} /> : null}
          {searched.length >= 2 && search.isPending ? <Skeleton height={40} /> : null}
          {search.data ? (
            search.data.items.length === 0 ? (
              <Text fz="sm" c="dimmed">{t("payments.noDebtor")}</Text>
            ) : (
              <Radio.Group label={t("payments.chooseDebtor")} value={debtorId} onChange={(value) => { setDebtorId(value); setTarget(OLDEST); }} name="match-debtor">
                <Stack gap={8} mt={6}>
                  {search.data.items.map((d) => (
                    <Radio key={d.id} value={d.id} label={`${d.name} — ${formatDocument(d.document)}`} description={t("payments.debtorBalance", { amount: money(d.openBalanceCents) })} />
                  ))}
                </Stack>
              </Radio.Group>
            )
          ) : null}
          {debtorId !== null && !debtor.data ? <Skeleton height={60} /> : null}
          {debtor.data ? (
            <Radio.Group label={t("payments.chooseDebt")} value={target} onChange={setTarget} name="match-debt">
              <Stack gap={8} mt={6}>
                <Radio value={OLDEST} label={t("payments.oldestFirst")} />
                {openDebts.map((d) => (
                  <Radio key={d.id} value={d.externalId} label={t("payments.debtOption", { debt: d.externalId, date: date(d.dueDate), amount: money(d.openCents) })} />
                ))}
              </Stack>
            </Radio.Group>
          ) : null}
          <Textarea label={t("payments.note")} autosize minRows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          {match.isError ? <ErrorAlert error={match.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button onClick={submit} disabled={!debtor.data} loading={match.isPending}>
              {t("payments.match")}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

/** Taking a payment out of the queue without applying it (a duplicate, someone else's money), with the reason. */
export function RejectModal({ creditorId, payment, onClose, onDone }: { creditorId: string; payment: Payment | null; onClose: () => void; onDone: (message: string) => void }) {
  const { t, money } = useI18n();
  const reject = useRejectPayment(creditorId);
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);

  function close() {
    setReason("");
    setSubmitted(false);
    reject.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!payment || reason.trim().length < 3) return;
    reject.mutate({ paymentId: payment.id, reason: reason.trim() }, { onSuccess: () => { close(); onDone(t("payments.rejected", { amount: money(payment.amountCents) })); } });
  }

  const reasonError = submitted && reason.trim().length < 3 ? t("payments.reasonShort") : fieldReason(reject.error, "reason");
  return (
    <Modal opened={payment !== null} onClose={close} title={t("payments.rejectTitle")} {...modalProps(t("common.close"))}>
      {payment ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <PaymentSummary payment={payment} />
            {reject.isError && !reasonError ? <ErrorAlert error={reject.error} /> : null}
            <Textarea label={t("payments.reason")} required withAsterisk={false} data-autofocus autosize minRows={2} maxLength={1000} value={reason} onChange={(event) => setReason(event.currentTarget.value)} error={reasonError} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" color="red" loading={reject.isPending}>
                {t("payments.reject")}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}
