import { Badge, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import type { Agreement, PaymentPromise } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import {
  AGREEMENT_STATUS_COLOR, INSTALMENT_STATUS_COLOR, PROMISE_STATUS_COLOR, agreementStatusLabel, instalmentStatusLabel, promiseChannelLabel, promiseStatusLabel,
} from "./action-labels.ts";
import { useAgreements, usePromises } from "./debtor-actions-api.ts";
import { actorLabel } from "./labels.ts";
import { Section } from "./section.tsx";
import actionClasses from "./debtor-actions.module.css";
import classes from "./debtors.module.css";

function AgreementCard({ agreement }: { agreement: Agreement }) {
  const { t, money, date, instant } = useI18n();
  const paid = agreement.schedule.filter((i) => i.status === "paid").length;
  return (
    <article className={actionClasses.agreement} aria-label={t("agreements.label", { id: agreement.id })} data-testid="agreement">
      <Group justify="space-between" px="lg" pt="md" gap="xs" wrap="wrap">
        <Group gap="xs">
          <Text fw={700}>{t("agreements.label", { id: agreement.id })}</Text>
          <Badge variant="light" color={AGREEMENT_STATUS_COLOR[agreement.status] ?? "gray"}>
            {agreementStatusLabel(t, agreement.status)}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed">
          {t("agreements.made", { at: instant(agreement.createdAt), actor: actorLabel(t, agreement.createdBy) })}
        </Text>
      </Group>
      <Text fz="sm" px="lg" mt={4}>
        {t("agreements.summary", {
          count: agreement.instalments, total: money(agreement.totalCents), debt: money(agreement.debtCents), discount: money(agreement.discountCents), paid, debts: agreement.debts.map((d) => d.externalId).join(", "),
        })}
      </Text>
      <TableScroll minWidth={560} label={t("agreements.scheduleOf", { id: agreement.id })}>
        <Table verticalSpacing={6} horizontalSpacing="md" className={classes.table} mt="xs" mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("agreements.col.number")}</Table.Th>
              <Table.Th scope="col">{t("agreements.col.due")}</Table.Th>
              <Table.Th scope="col" ta="right">{t("agreements.col.amount")}</Table.Th>
              <Table.Th scope="col">{t("agreements.col.status")}</Table.Th>
              <Table.Th scope="col">{t("agreements.col.debt")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {agreement.schedule.map((i) => (
              <Table.Tr key={i.number}>
                <Table.Td className="tabular">{i.number === 1 && agreement.instalments > 1 ? t("agreements.downPayment") : `${i.number}/${agreement.instalments}`}</Table.Td>
                <Table.Td className="tabular">{date(i.dueDate)}</Table.Td>
                <Table.Td ta="right" className="tabular">{money(i.amountCents)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={INSTALMENT_STATUS_COLOR[i.status] ?? "gray"}>
                    {instalmentStatusLabel(t, i.status)}
                  </Badge>
                  {i.paidDate ? <Text fz="xs" c="dimmed">{t("agreements.paidOn", { date: date(i.paidDate) })}</Text> : null}
                </Table.Td>
                <Table.Td className="tabular" fz="sm">{i.externalId}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </article>
  );
}

function PromisesList({ promises }: { promises: PaymentPromise[] }) {
  const { t, money, date } = useI18n();
  if (promises.length === 0) return <Text className={classes.sectionEmpty}>{t("promises.empty")}</Text>;
  return (
    <ul className={actionClasses.actionList} aria-label={t("promises.title")}>
      {promises.map((p) => (
        <li key={p.id} className={actionClasses.actionItem} data-testid="promise">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs">
              <Badge variant="light" color={PROMISE_STATUS_COLOR[p.status] ?? "gray"}>
                {promiseStatusLabel(t, p.status)}
              </Badge>
              <Text fw={650} fz="sm">
                {t("promises.line", { amount: money(p.amountCents), date: date(p.promisedDate) })}
              </Text>
            </Group>
            <Text fz="xs" c="dimmed">
              {t("promises.made", { date: date(p.madeDate), channel: promiseChannelLabel(t, p.channel), actor: actorLabel(t, p.collector) })}
            </Text>
          </Group>
          {p.note ? <Text fz="sm" mt={4}>{p.note}</Text> : null}
          {p.paidCents > 0 ? <Text fz="xs" c="dimmed">{t("promises.paid", { amount: money(p.paidCents) })}</Text> : null}
        </li>
      ))}
    </ul>
  );
}

/** "Acordos e promessas": each agreement with its schedule, then the promises to pay. */
export function AgreementsSection({ creditorId, debtorId }: { creditorId: string; debtorId: string }) {
  const { t } = useI18n();
  const agreements = useAgreements(creditorId, debtorId);
  const promises = usePromises(creditorId, debtorId);
  const failed = agreements.isError ? agreements : promises.isError ? promises : null;
  return (
    <Section title={t("agreements.title")} id="agreements-title">
      {failed ? (
        <div className={classes.message}>
          <ErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />
        </div>
      ) : null}
      {!agreements.data ? (
        agreements.isError ? null : (
          <Stack p="lg">
            <Skeleton height={14} />
          </Stack>
        )
      ) : agreements.data.items.length === 0 ? (
        <Text className={classes.sectionEmpty}>{t("agreements.empty")}</Text>
      ) : (
        agreements.data.items.map((agreement) => <AgreementCard key={agreement.id} agreement={agreement} />)
      )}
      <Title order={3} fz={15} className={actionClasses.subTitle} pb="xs">
        {t("promises.title")}
      </Title>
      {promises.data ? <PromisesList promises={promises.data.items} /> : promises.isError ? null : (
        <Stack p="lg">
          <Skeleton height={14} />
        </Stack>
      )}
    </Section>
  );
}
