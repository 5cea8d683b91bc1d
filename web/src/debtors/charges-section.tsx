import { Skeleton, Table, Text } from "@mantine/core";
import type { ChargeBreakdown, Debt } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useDebtCharges } from "./debtor-actions-api.ts";
import { Section } from "./section.tsx";
import actionClasses from "./debtor-actions.module.css";
import classes from "./debtors.module.css";

const DASH = "—";

/** Sums the breakdowns that arrived (a debt still loading counts as nothing yet). */
export function sumCharges(rows: (ChargeBreakdown | undefined)[]): Omit<ChargeBreakdown, "daysLate"> {
  const total = { principalCents: 0, fineCents: 0, interestCents: 0, correctionCents: 0, totalCents: 0 };
  for (const row of rows) {
    if (!row) continue;
    total.principalCents += row.principalCents;
    total.fineCents += row.fineCents;
    total.interestCents += row.interestCents;
    total.correctionCents += row.correctionCents;
    total.totalCents += row.totalCents;
  }
  return total;
}

/** "Encargos de hoje": what each debt still open owes today, fine, interest and correction apart. */
export function ChargesSection({ creditorId, debtorId, debts }: { creditorId: string; debtorId: string; debts: Debt[] }) {
  const { t, money, count } = useI18n();
  const results = useDebtCharges(creditorId, debtorId, debts);
  const failed = results.find((r) => r.isError);
  const rows = results.map((r) => r.data);
  const total = sumCharges(rows);
  const cell = (value: number | undefined, pending: boolean) => (pending ? <Skeleton height={12} width={60} ml="auto" /> : value === undefined ? DASH : money(value));
  return (
    <Section title={t("charges.title")} id="charges-title">
      {failed ? (
        <div className={classes.message}>
          <ErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />
        </div>
      ) : null}
      {debts.length === 0 ? (
        <Text className={classes.sectionEmpty}>{t("charges.empty")}</Text>
      ) : (
        <TableScroll minWidth={720} label={t("charges.title")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-labelledby="charges-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("charges.col.debt")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("charges.col.daysLate")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("charges.col.principal")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("charges.col.fine")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("charges.col.interest")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("charges.col.correction")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("charges.col.total")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {debts.map((debt, index) => {
                const row = rows[index];
                const pending = results[index]?.isPending ?? true;
                return (
                  <Table.Tr key={debt.id}>
                    <Table.Th scope="row" fw={600} className="tabular">{debt.externalId}</Table.Th>
                    <Table.Td ta="right" className="tabular">
                      {pending ? <Skeleton height={12} width={40} ml="auto" /> : row ? (row.daysLate > 0 ? t("debts.daysLate", { days: count(row.daysLate) }) : t("charges.notLate")) : DASH}
                    </Table.Td>
                    <Table.Td ta="right" className="tabular">{cell(row?.principalCents, pending)}</Table.Td>
                    <Table.Td ta="right" className="tabular">{cell(row?.fineCents, pending)}</Table.Td>
                    <Table.Td ta="right" className="tabular">{cell(row?.interestCents, pending)}</Table.Td>
                    <Table.Td ta="right" className="tabular">{cell(row?.correctionCents, pending)}</Table.Td>
                    <Table.Td ta="right" className="tabular" fw={700}>{cell(row?.totalCents, pending)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
            {debts.length > 1 ? (
              <Table.Tfoot>
                <Table.Tr className={actionClasses.totalRow}>
                  <Table.Th scope="row">{t("charges.total")}</Table.Th>
                  <Table.Td />
                  <Table.Td ta="right" className="tabular">{money(total.principalCents)}</Table.Td>
                  <Table.Td ta="right" className="tabular">{money(total.fineCents)}</Table.Td>
                  <Table.Td ta="right" className="tabular">{money(total.interestCents)}</Table.Td>
                  <Table.Td ta="right" className="tabular">{money(total.correctionCents)}</Table.Td>
                  <Table.Td ta="right" className="tabular">{money(total.totalCents)}</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            ) : null}
          </Table>
        </TableScroll>
      )}
      <Text fz="xs" c="dimmed" px="lg" py="sm">
        {t("charges.hint")}
      </Text>
    </Section>
  );
}
