import { Badge, Skeleton, Stack, Table, Text } from "@mantine/core";
import type { Payment } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { PAYMENT_STATUS_COLOR, paymentMethodLabel, paymentSourceLabel, paymentStatusLabel } from "../payments/payment-labels.ts";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useDebtorPayments } from "./debtor-actions-api.ts";
import { actorLabel } from "./labels.ts";
import { Section } from "./section.tsx";
import classes from "./debtors.module.css";

/** "T-1: R$ 100,00 (quitado)", one per debt the payment went to. */
export function allocationText(payment: Payment, money: (cents: number) => string, settledWord: string): string[] {
  return payment.allocations.map((a) => {
    const amount = a.interestCents + a.fineCents + a.correctionCents + a.principalCents;
    return `${a.externalId}: ${money(amount)}${a.settled ? ` (${settledWord})` : ""}`;
  });
}

/** "Pagamentos recebidos": every payment applied to this debtor, newest first. */
export function PaymentsSection({ creditorId, debtorId }: { creditorId: string; debtorId: string }) {
  const { t, money, date } = useI18n();
  const payments = useDebtorPayments(creditorId, debtorId);
  const items = payments.data?.items ?? [];
  return (
    <Section title={t("debtorPayments.title")} id="debtor-payments-title" count={payments.data ? items.length : undefined}>
      {payments.isError ? (
        <div className={classes.message}>
          <ErrorAlert error={payments.error} onRetry={() => void payments.refetch()} />
        </div>
      ) : !payments.data ? (
        <Stack p="lg" gap="sm">
          <Skeleton height={14} />
          <Skeleton height={14} width="60%" />
        </Stack>
      ) : items.length === 0 ? (
        <Text className={classes.sectionEmpty}>{t("debtorPayments.empty")}</Text>
      ) : (
        <TableScroll minWidth={760} label={t("debtorPayments.title")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-labelledby="debtor-payments-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("debtorPayments.col.date")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("debtorPayments.col.amount")}</Table.Th>
                <Table.Th scope="col">{t("debtorPayments.col.how")}</Table.Th>
                <Table.Th scope="col">{t("debtorPayments.col.applied")}</Table.Th>
                <Table.Th scope="col">{t("debtorPayments.col.status")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((payment) => (
                <Table.Tr key={payment.id}>
                  <Table.Td className="tabular">{date(payment.paidDate)}</Table.Td>
                  <Table.Td ta="right" className="tabular" fw={600}>{money(payment.amountCents)}</Table.Td>
                  <Table.Td>
                    {paymentSourceLabel(t, payment.source)} · {paymentMethodLabel(t, payment.method)}
                    <Text fz="xs" c="dimmed">{t("timeline.by", { actor: actorLabel(t, payment.actor) })}</Text>
                    {payment.note ? <Text fz="xs" c="dimmed">{payment.note}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    {allocationText(payment, money, t("debtorPayments.settled")).map((line) => (
                      <Text key={line} fz="sm">{line}</Text>
                    ))}
                    {payment.creditCents > 0 ? <Text fz="xs" c="dimmed">{t("debtorPayments.credit", { amount: money(payment.creditCents) })}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={PAYMENT_STATUS_COLOR[payment.status] ?? "gray"}>
                      {paymentStatusLabel(t, payment.status)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Section>
  );
}
