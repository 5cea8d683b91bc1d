import { Alert, Anchor, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconFileTypePdf } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent, ReactNode } from "react";
import type { Debt } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { CopyField } from "./copy-field.tsx";
import { boletoPdfPath, useIssueBoleto } from "./debtor-actions-api.ts";
import { formatDigitableLine } from "./format-boleto-line.ts";
import { fieldReason, modalProps } from "./modal-props.ts";

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fw={600} className="tabular">
        {children}
      </Text>
    </div>
  );
}

/** "Emitir boleto": a debt and, optionally, a due date → the digitable line to copy and the PDF. */
export function BoletoModal({ creditorId, debts, today, opened, onClose }: { creditorId: string; debts: Debt[]; today: string; opened: boolean; onClose: () => void }) {
  const { t, money, date } = useI18n();
  const issue = useIssueBoleto(creditorId);
  const [debtId, setDebtId] = useState("");
  const [dueDate, setDueDate] = useState("");
  const chosen = debtId || debts[0]?.id || "";

  function close() {
    setDebtId("");
    setDueDate("");
    issue.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen) return;
    issue.mutate({ debtId: chosen, ...(dueDate ? { dueDate } : {}) });
  }

  const boleto = issue.data;
  const dueError = fieldReason(issue.error, "dueDate");
  return (
    <Modal opened={opened} onClose={close} title={t("boletoForm.title")} size="lg" {...modalProps(t("common.close"))}>
      {boleto ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status">
            {t("boletoForm.issued", { debt: boleto.externalId })}
          </Alert>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md">
            <Figure label={t("boletoForm.amount")}>{money(boleto.amountCents)}</Figure>
            <Figure label={t("boletoForm.dueDate")}>{date(boleto.dueDate)}</Figure>
            <Figure label={t("boletoForm.ourNumber")}>{boleto.ourNumberFormatted}</Figure>
          </SimpleGrid>
          <CopyField label={t("boletoForm.line")} value={boleto.line} display={formatDigitableLine(boleto.line)} testId="boleto-line" />
          <Group justify="space-between">
            <Anchor href={boletoPdfPath(creditorId, boleto)} target="_blank" rel="noopener" fw={600}>
              <Group gap={6} component="span">
                <IconFileTypePdf size={18} aria-hidden="true" />
                {t("boletoForm.pdf")}
              </Group>
            </Anchor>
            <Button onClick={close}>{t("common.done")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {issue.isError && !dueError ? <ErrorAlert error={issue.error} /> : null}
            {debts.length === 0 ? (
              <Text>{t("boletoForm.none")}</Text>
            ) : (
              <>
                <NativeSelect
                  label={t("boletoForm.debt")}
                  value={chosen}
                  onChange={(event) => setDebtId(event.currentTarget.value)}
                  data={debts.map((d) => ({ value: d.id, label: t("paymentForm.debtOption", { debt: d.externalId, amount: money(d.openCents) }) }))}
                  data-autofocus
                />
                <TextInput
                  type="date"
                  label={t("boletoForm.dueDateOptional")}
                  description={t("boletoForm.dueDateHint")}
                  min={today}
                  value={dueDate}
                  onChange={(event) => setDueDate(event.currentTarget.value)}
                  error={dueError}
                />
                <Text fz="sm" c="dimmed">
                  {t("boletoForm.hint")}
                </Text>
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={issue.isPending} disabled={debts.length === 0}>
                {t("boletoForm.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
