import { Alert, Button, Group, Modal, Radio, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import type { NegotiationOption } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { useAcceptAgreement, useNegotiationOptions } from "./debtor-actions-api.ts";
import { modalProps } from "./modal-props.ts";
import { parseMoneyInput } from "./money-input.ts";
import classes from "./debtor-actions.module.css";

/** "1 pagamento de R$ 900,00" or "3 pagamentos: entrada de R$ 400,00 + 2 × R$ 410,00". */
export function optionTitle(option: NegotiationOption, t: ReturnType<typeof useI18n>["t"], money: (cents: number) => string): string {
  if (option.instalments === 1) return t("negotiation.single", { amount: money(option.totalCents) });
  return t("negotiation.plan", { count: option.instalments, down: money(option.downPaymentCents), rest: option.instalments - 1, amount: money(option.instalmentCents) });
}

/** "Negociar": the options the policy allows today (optionally within a declared income), and accepting one. */
export function NegotiationModal({ creditorId, debtorId, opened, onClose, onDone }: { creditorId: string; debtorId: string; opened: boolean; onClose: () => void; onDone: (message: string) => void }) {
  const { t, money, date } = useI18n();
  const [incomeText, setIncomeText] = useState("");
  const [incomeCents, setIncomeCents] = useState<number | null>(null);
  const [incomeError, setIncomeError] = useState<string | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const options = useNegotiationOptions(creditorId, debtorId, incomeCents, opened);
  const accept = useAcceptAgreement(creditorId, debtorId);

  function close() {
    setIncomeText("");
    setIncomeCents(null);
    setIncomeError(null);
    setChoice(null);
    accept.reset();
    onClose();
  }

  function simulate() {
    if (incomeText.trim() === "") {
      setIncomeCents(null);
      setIncomeError(null);
      return;
    }
    const cents = parseMoneyInput(incomeText);
    if (cents === null || cents <= 0) {
      setIncomeError(t("negotiation.incomeInvalid"));
      return;
    }
    setIncomeError(null);
    setIncomeCents(cents);
    setChoice(null);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const option = options.data?.options.find((o) => String(o.instalments) === choice);
    if (!option) return;
    accept.mutate(
      { option: option.instalments, ...(incomeCents !== null ? { incomeCents } : {}) },
      {
        onSuccess: (agreement) => {
          close();
          onDone(t("negotiation.done", { count: agreement.instalments, amount: money(agreement.totalCents), date: date(agreement.firstDueDate) }));
        },
      },
    );
  }

  const doc = options.data;
  return (
    <Modal opened={opened} onClose={close} title={t("negotiation.title")} size="lg" {...modalProps(t("common.close"))}>
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t("negotiation.income")}
            description={t("negotiation.incomeHint")}
            leftSection={<Text fz="sm" c="dimmed">R$</Text>}
            inputMode="decimal"
            placeholder="0,00"
            value={incomeText}
            onChange={(event) => setIncomeText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                simulate();
              }
            }}
            error={incomeError}
            style={{ flex: "1 1 220px" }}
          />
          <Button variant="default" onClick={simulate}>
            {t("negotiation.simulate")}
          </Button>
        </Group>
        {options.isError ? <ErrorAlert error={options.error} onRetry={() => void options.refetch()} /> : null}
        {!doc && options.isPending ? (
          <Stack gap="xs">
            <Skeleton height={48} />
            <Skeleton height={48} />
          </Stack>
        ) : null}
        {doc ? (
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Text fz="sm">{t("negotiation.debt", { amount: money(doc.debtCents) })}</Text>
              {doc.note ? (
                <Alert color="orange" variant="light">
                  {doc.note}
                </Alert>
              ) : null}
              {doc.affordability ? (
                <Alert color="indigo" variant="light">
                  {doc.affordability.note}
                </Alert>
              ) : null}
              {doc.options.length === 0 ? (
                <Text c="dimmed">{t("negotiation.none")}</Text>
              ) : (
                <Radio.Group value={choice} onChange={setChoice} label={t("negotiation.options")} name="negotiation-option">
                  <Stack gap="xs" mt={6}>
                    {doc.options.map((option) => (
                      <label key={option.instalments} className={classes.option} data-checked={choice === String(option.instalments) || undefined}>
                        <Group gap="sm" wrap="nowrap" align="flex-start">
                          <Radio value={String(option.instalments)} aria-label={optionTitle(option, t, money)} />
                          <div>
                            <Text fw={600} fz="sm">
                              {optionTitle(option, t, money)}
                            </Text>
                            <Text fz="xs" c="dimmed">
                              {t("negotiation.optionDetail", { total: money(option.totalCents), discount: money(option.discountCents), date: date(option.firstDueDate) })}
                            </Text>
                          </div>
                        </Group>
                      </label>
                    ))}
                  </Stack>
                </Radio.Group>
              )}
              {accept.isError ? <ErrorAlert error={accept.error} /> : null}
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {t("common.cancel")}
                </Button>
                <Button type="submit" disabled={choice === null} loading={accept.isPending}>
                  {t("negotiation.accept")}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Modal>
  );
}
