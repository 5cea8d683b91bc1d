import { Accordion, Alert, Badge, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import type { Explanation, LadderAction } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { ACTION_STATUS_COLOR, OUTCOME_COLOR, PENDING_ACTION_STATUSES, actionStatusLabel, ladderViaLabel, outcomeLabel, skipReasonLabel, stageLabel } from "./action-labels.ts";
import { useDebtorActions, useExplanation } from "./debtor-actions-api.ts";
import { channelLabel } from "./labels.ts";
import { orderActions, whyOfAction } from "./ladder-why.ts";
import { Section } from "./section.tsx";
import actionClasses from "./debtor-actions.module.css";
import classes from "./debtors.module.css";

function ActionItem({ action, explanation }: { action: LadderAction; explanation: Explanation | undefined }) {
  const { t, date, instant } = useI18n();
  const pending = PENDING_ACTION_STATUSES.includes(action.status);
  return (
    <li className={actionClasses.actionItem} data-testid="ladder-action" data-status={action.status}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color={ACTION_STATUS_COLOR[action.status] ?? "gray"}>
            {actionStatusLabel(t, action.status)}
          </Badge>
          <Text fw={650} fz="sm">
            {channelLabel(t, action.channel)} · {stageLabel(t, action.stage)}
          </Text>
        </Group>
        <Text fz="xs" c="dimmed">
          <time dateTime={action.sendAt}>{pending ? t("ladderActions.sendAt", { at: instant(action.sendAt) }) : t("ladderActions.dayOf", { day: date(action.localDay) })}</time>
        </Text>
      </Group>
      {action.debtExternalIds.length ? (
        <Text fz="xs" c="dimmed" mt={2}>
          {t("eventText.debts", { list: action.debtExternalIds.join(", ") })}
        </Text>
      ) : null}
      <Text fz="sm" mt={4} className={actionClasses.why}>
        <Text span fw={600}>{t("ladderActions.why")} </Text>
        {whyOfAction(action, explanation, t, date)}
      </Text>
    </li>
  );
}

function StepsTable({ debt }: { debt: Explanation["debts"][number] }) {
  const { t, date } = useI18n();
  if (debt.steps.length === 0) return <Text fz="sm" c="dimmed">{debt.note ?? t("ladderActions.noSteps")}</Text>;
  return (
    <TableScroll minWidth={760} label={t("ladderActions.stepsOf", { debt: debt.externalId })}>
      <Table verticalSpacing="xs" horizontalSpacing="sm" className={classes.table} aria-label={t("ladderActions.stepsOf", { debt: debt.externalId })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("ladderActions.col.day")}</Table.Th>
            <Table.Th scope="col">{t("ladderActions.col.step")}</Table.Th>
            <Table.Th scope="col">{t("ladderActions.col.channel")}</Table.Th>
            <Table.Th scope="col" miw={130}>{t("ladderActions.col.outcome")}</Table.Th>
            <Table.Th scope="col">{t("ladderActions.col.why")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {debt.steps.map((step) => (
            <Table.Tr key={step.stepId}>
              <Table.Td className="tabular" style={{ whiteSpace: "nowrap" }}>{date(step.day)}</Table.Td>
              <Table.Td>
                <Text fz="sm" fw={600} style={{ whiteSpace: "nowrap" }}>{step.stepId}</Text>
                <Text fz="xs" c="dimmed">{stageLabel(t, step.stage)} · D{step.offsetDays >= 0 ? "+" : "−"}{Math.abs(step.offsetDays)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{channelLabel(t, step.channel)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={OUTCOME_COLOR[step.outcome] ?? "gray"}>
                  {outcomeLabel(t, step.outcome)}
                </Badge>
                {step.reason ? <Text fz="xs" c="dimmed" mt={2}>{skipReasonLabel(t, step.reason)}</Text> : null}
              </Table.Td>
              <Table.Td fz="sm" className={actionClasses.why}>{step.rule}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

/** "Ações da régua e o porquê": the outbox's actions for this debtor, each with its reason, and the ladder step by step per debt. */
export function LadderActionsSection({ creditorId, debtorId }: { creditorId: string; debtorId: string }) {
  const { t, money, date } = useI18n();
  const actions = useDebtorActions(creditorId, debtorId);
  const explain = useExplanation(creditorId, debtorId);
  const list = actions.data ? orderActions(actions.data.items) : [];
  const withLadder = explain.data?.debts.filter((d) => d.ladder || d.steps.length > 0) ?? [];
  const firstOpen = withLadder.find((d) => d.steps.some((s) => s.outcome === "planned" || s.outcome === "future"))?.externalId ?? withLadder[0]?.externalId ?? null;
  return (
    <Section title={t("ladderActions.title")} id="ladder-actions-title" count={actions.data ? list.filter((a) => PENDING_ACTION_STATUSES.includes(a.status)).length : undefined}>
      {explain.data?.debtor.paused ? (
        <Alert color="orange" variant="light" m="md">
          {t("ladderActions.paused")}
        </Alert>
      ) : null}
      <Title order={3} fz={15} className={actionClasses.subTitle}>
        {t("ladderActions.outbox")}
      </Title>
      {actions.isError ? (
        <div className={classes.message}>
          <ErrorAlert error={actions.error} onRetry={() => void actions.refetch()} />
        </div>
      ) : !actions.data ? (
        <Stack p="lg" gap="sm">
          <Skeleton height={14} />
          <Skeleton height={14} width="70%" />
        </Stack>
      ) : list.length === 0 ? (
        <Text className={classes.sectionEmpty}>{t("ladderActions.empty")}</Text>
      ) : (
        <ul className={actionClasses.actionList} aria-label={t("ladderActions.outbox")}>
          {list.map((action) => (
            <ActionItem key={action.id} action={action} explanation={explain.data} />
          ))}
        </ul>
      )}
      <Title order={3} fz={15} className={actionClasses.subTitle} pb="xs">
        {t("ladderActions.stepByStep")}
      </Title>
      {explain.isError ? (
        <div className={classes.message}>
          <ErrorAlert error={explain.error} onRetry={() => void explain.refetch()} />
        </div>
      ) : !explain.data ? (
        <Stack p="lg" gap="sm">
          <Skeleton height={14} />
        </Stack>
      ) : withLadder.length === 0 ? (
        <Text className={classes.sectionEmpty}>{t("ladderActions.noLadder")}</Text>
      ) : (
        <Accordion multiple defaultValue={firstOpen ? [firstOpen] : []} variant="contained" radius="md" m="md" mt={0}>
          {withLadder.map((debt) => (
            <Accordion.Item key={debt.externalId} value={debt.externalId}>
              <Accordion.Control>
                <Text fw={600} fz="sm">
                  {t("ladderActions.debtLine", { debt: debt.externalId, date: date(debt.dueDate), amount: money(debt.openCents) })}
                </Text>
                {debt.ladder ? (
                  <Text fz="xs" c="dimmed">
                    {t("ladderActions.ladderLine", { ladder: debt.ladder.name, version: debt.ladder.version, via: ladderViaLabel(t, debt.ladder.via) })}
                  </Text>
                ) : null}
              </Accordion.Control>
              <Accordion.Panel>
                {debt.note ? <Text fz="sm" mb="xs">{debt.note}</Text> : null}
                <StepsTable debt={debt} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Section>
  );
}
