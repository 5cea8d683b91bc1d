import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PROMISE_CHANNELS, promiseChannelLabel } from "./action-labels.ts";
import { useRecordPromise } from "./debtor-actions-api.ts";
import { fieldReason, modalProps } from "./modal-props.ts";
import { formatMoneyInput, parseMoneyInput } from "./money-input.ts";

/** "Registrar promessa": amount, date and channel; the ladder pauses until the date and a reminder goes the day before. */
export function PromiseModal({
  creditorId, debtorId, balanceCents, today, opened, onClose, onDone,
}: { creditorId: string; debtorId: string; balanceCents: number; today: string; opened: boolean; onClose: () => void; onDone: (message: string) => void }) {
  const { t, money, date, locale } = useI18n();
  const record = useRecordPromise(creditorId, debtorId);
  const [amount, setAmount] = useState<string | null>(null);
  const [promised, setPromised] = useState("");
  const [channel, setChannel] = useState<string>("phone");
  const [note, setNote] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const amountText = amount ?? (balanceCents > 0 ? formatMoneyInput(balanceCents, locale) : "");

  function close() {
    setAmount(null);
    setPromised("");
    setChannel("phone");
    setNote("");
    setSubmitted(false);
    record.reset();
    onClose();
  }

  const cents = parseMoneyInput(amountText);
  const amountError = submitted && (cents === null || cents <= 0) ? t("paymentForm.amountInvalid") : fieldReason(record.error, "amountCents");
  const dateError = submitted && (promised === "" || promised < today) ? t("promiseForm.dateInvalid") : fieldReason(record.error, "date");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (cents === null || cents <= 0 || promised === "" || promised < today) return;
    record.mutate(
      { amountCents: cents, date: promised, channel, note: note.trim() || null },
      {
        onSuccess: (promise) => {
          close();
          onDone(t("promiseForm.done", { amount: money(promise.amountCents), date: date(promise.promisedDate) }));
        },
      },
    );
  }

  return (
    <Modal opened={opened} onClose={close} title={t("promiseForm.title")} {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {record.isError && !amountError && !dateError ? <ErrorAlert error={record.error} /> : null}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput
              label={t("promiseForm.amount")}
              leftSection={<Text fz="sm" c="dimmed">R$</Text>}
              inputMode="decimal"
              data-autofocus
              required
              withAsterisk={false}
              value={amountText}
              onChange={(event) => setAmount(event.currentTarget.value)}
              error={amountError}
            />
            <TextInput type="date" label={t("promiseForm.date")} min={today} required withAsterisk={false} value={promised} onChange={(event) => setPromised(event.currentTarget.value)} error={dateError} />
          </SimpleGrid>
          <NativeSelect label={t("promiseForm.channel")} value={channel} onChange={(event) => setChannel(event.currentTarget.value)} data={PROMISE_CHANNELS.map((c) => ({ value: c, label: promiseChannelLabel(t, c) }))} />
          <Textarea label={t("promiseForm.note")} autosize minRows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.currentTarget.value)} />
          <Text fz="sm" c="dimmed">
            {t("promiseForm.hint")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={record.isPending}>
              {t("promiseForm.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
