import { Alert, Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { Debt } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { CopyField } from "./copy-field.tsx";
import { useIssuePix } from "./debtor-actions-api.ts";
import { fieldReason, modalProps } from "./modal-props.ts";
import classes from "./debtor-actions.module.css";

/** "Gerar PIX": one dynamic charge for the chosen debts at what they owe today → the QR Code and the copia e cola. */
export function PixModal({ creditorId, debts, today, opened, onClose }: { creditorId: string; debts: Debt[]; today: string; opened: boolean; onClose: () => void }) {
  const { t, money, date, instant } = useI18n();
  const issue = useIssuePix(creditorId);
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [dueDate, setDueDate] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const chosen = debts.filter((d) => !unchecked.has(d.id)).map((d) => d.id);

  function close() {
    setUnchecked(new Set());
    setDueDate("");
    setSubmitted(false);
    issue.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (chosen.length === 0) return;
    issue.mutate({ debtIds: chosen, ...(dueDate ? { dueDate } : {}) });
  }

  const charge = issue.data;
  const dueError = fieldReason(issue.error, "dueDate");
  return (
    <Modal opened={opened} onClose={close} title={t("pixForm.title")} size="lg" {...modalProps(t("common.close"))}>
      {charge ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status">
            {t("pixForm.issued", { amount: money(charge.amountCents) })}
          </Alert>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            {charge.qrPngBase64 ? (
              <img className={classes.qr} src={`data:image/png;base64,${charge.qrPngBase64}`} alt={t("pixForm.qrAlt", { amount: money(charge.amountCents) })} width={220} height={220} />
            ) : null}
            <Stack gap="xs">
              <Text fz="sm">{t("pixForm.amountFor", { amount: money(charge.amountCents), list: charge.debts.map((d) => d.externalId).join(", ") })}</Text>
              {charge.dueDate ? <Text fz="sm">{t("pixForm.dueOn", { date: date(charge.dueDate) })}</Text> : null}
              {charge.expiresAt ? <Text fz="sm">{t("pixForm.expiresAt", { at: instant(charge.expiresAt) })}</Text> : null}
              <Text fz="xs" c="dimmed">
                {t("pixForm.txid", { txid: charge.txid })}
              </Text>
            </Stack>
          </SimpleGrid>
          <CopyField label={t("pixForm.copyPaste")} value={charge.pixCopiaECola} testId="pix-code" />
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.done")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {issue.isError && !dueError ? <ErrorAlert error={issue.error} /> : null}
            {debts.length === 0 ? (
              <Text>{t("pixForm.none")}</Text>
            ) : (
              <Checkbox.Group
                label={t("pixForm.debts")}
                value={chosen}
                onChange={(values) => setUnchecked(new Set(debts.map((d) => d.id).filter((id) => !values.includes(id))))}
                error={submitted && chosen.length === 0 ? t("pixForm.chooseOne") : null}
              >
                <Stack gap={8} mt={6}>
                  {debts.map((d, index) => (
                    <Checkbox
                      key={d.id}
                      value={d.id}
                      label={t("paymentForm.debtOption", { debt: d.externalId, amount: money(d.openCents) })}
                      data-autofocus={index === 0 || undefined}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            <TextInput type="date" label={t("pixForm.dueDateOptional")} description={t("pixForm.dueDateHint")} min={today} value={dueDate} onChange={(event) => setDueDate(event.currentTarget.value)} error={dueError} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={issue.isPending} disabled={debts.length === 0}>
                {t("pixForm.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
