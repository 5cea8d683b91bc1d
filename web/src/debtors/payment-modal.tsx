import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { Debt, RecordPaymentResult } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { MANUAL_METHODS, paymentMethodLabel } from "../payments/payment-labels.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { newIdempotencyKey, useRecordPayment } from "./debtor-actions-api.ts";
import { fieldReason, modalProps } from "./modal-props.ts";
import { parseMoneyInput } from "./money-input.ts";

const OLDEST_FIRST = "";

/** "Registrar pagamento": money received outside the bank (cash, transfer, card, cheque), with who received it and why. */
export function PaymentModal({
  creditorId, document, debts, today, opened, onClose, onDone,
}: { creditorId: string; document: string; debts: Debt[]; today: string; opened: boolean; onClose: () => void; onDone: (message: string) => void }) {
  const { t, money } = useI18n();
  const record = useRecordPayment(creditorId);
  const [debt, setDebt] = useState(OLDEST_FIRST);
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState<string>("cash");
  const [paidDate, setPaidDate] = useState(today);
  const [note, setNote] = useState("");
  const [submitted, setSubmitted] = useState(false);
  // One key per opened form: a double submit or a retry records the payment once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  function close() {
    setDebt(OLDEST_FIRST);
    setAmount("");
    setMethod("cash");
    setPaidDate(today);
    setNote("");
    setSubmitted(false);
    setIdempotencyKey(newIdempotencyKey());
    record.reset();
    onClose();
  }

  const cents = parseMoneyInput(amount);
  const amountError = submitted && (cents === null || cents <= 0) ? t("paymentForm.amountInvalid") : fieldReason(record.error, "amountCents");
  const dateError = submitted && (paidDate === "" || paidDate > today) ? t("paymentForm.dateInvalid") : fieldReason(record.error, "paidDate");
  const noteError = submitted && note.trim().length < 3 ? t("paymentForm.noteShort") : fieldReason(record.error, "note");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (cents === null || cents <= 0 || paidDate === "" || paidDate > today || note.trim().length < 3) return;
    record.mutate(
      { debtorDocument: document, ...(debt ? { debtExternalId: debt } : {}), amountCents: cents, method, paidDate, note: note.trim(), idempotencyKey },
      { onSuccess: (result) => { close(); onDone(paymentDoneMessage(result, cents, t, money)); } },
    );
  }

  return (
    <Modal opened={opened} onClose={close} title={t("paymentForm.title")} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {record.isError && !amountError && !dateError && !noteError ? <ErrorAlert error={record.error} /> : null}
          <NativeSelect
            label={t("paymentForm.debt")}
            value={debt}
            onChange={(event) => setDebt(event.currentTarget.value)}
            data={[{ value: OLDEST_FIRST, label: t("paymentForm.oldestFirst") }, ...debts.map((d) => ({ value: d.externalId, label: t("paymentForm.debtOption", { debt: d.externalId, amount: money(d.openCents) }) }))]}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput
              label={t("paymentForm.amount")}
              leftSection={<Text fz="sm" c="dimmed">R$</Text>}
              placeholder="0,00"
              inputMode="decimal"
              data-autofocus
              required
              withAsterisk={false}
              value={amount}
              onChange={(event) => setAmount(event.currentTarget.value)}
              error={amountError}
            />
            <NativeSelect label={t("paymentForm.method")} value={method} onChange={(event) => setMethod(event.currentTarget.value)} data={MANUAL_METHODS.map((m) => ({ value: m, label: paymentMethodLabel(t, m) }))} />
          </SimpleGrid>
          <TextInput type="date" label={t("paymentForm.date")} max={today} required withAsterisk={false} value={paidDate} onChange={(event) => setPaidDate(event.currentTarget.value)} error={dateError} />
          <Textarea
            label={t("paymentForm.note")}
            description={t("paymentForm.noteHint")}
            required
            withAsterisk={false}
            autosize
            minRows={2}
            maxLength={1000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={noteError}
          />
          <Text fz="sm" c="dimmed">
            {t("paymentForm.imputation")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={record.isPending}>
              {t("paymentForm.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function paymentDoneMessage(result: RecordPaymentResult, cents: number, t: ReturnType<typeof useI18n>["t"], money: (cents: number) => string): string {
  if (result.status === "already_applied") return t("paymentForm.already");
  if (result.status === "unmatched") return t("paymentForm.unmatched", { amount: money(cents) });
  const settled = result.allocations.filter((a) => a.settled).map((a) => a.externalId);
  const parts = [t("paymentForm.done", { amount: money(cents) })];
  if (settled.length) parts.push(t("paymentForm.settled", { list: settled.join(", ") }));
  if (result.creditCents > 0) parts.push(t("paymentForm.credit", { amount: money(result.creditCents) }));
  return parts.join(" ");
}
