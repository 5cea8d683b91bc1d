import { Anchor, Badge, Breadcrumbs, Grid, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { Contact, Debt, DebtorSummary, TimelineEvent } from "../api/types.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { useCreditor } from "../layout/creditor-context.tsx";
import { Link } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useDebtorDetail, useDebtorTimeline } from "./debtors-api.ts";
import { formatDocument } from "./format-document.ts";
import {
  DEBT_STATUS_COLOR,
  VALIDITY_COLOR,
  actorLabel,
  channelLabel,
  contactKindLabel,
  debtStatusLabel,
  eventLabel,
  sourceLabel,
  validityLabel,
} from "./labels.ts";
import { formatPhone } from "./format-phone.ts";
import classes from "./debtors.module.css";

const DASH = "—";

function Section({ title, id, children, count }: { title: string; id: string; children: ReactNode; count?: number }) {
  return (
    <Paper withBorder radius="lg" className={classes.panel} component="section" aria-labelledby={id} h="100%">
      <Group justify="space-between" className={classes.sectionHeader}>
        <Title order={2} fz={17} id={id}>
          {title}
        </Title>
        {count !== undefined ? (
          <Badge variant="light" color="gray" size="md" aria-hidden="true">
            {count}
          </Badge>
        ) : null}
      </Group>
      {children}
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fz="xs" fw={700} c="dimmed" tt="uppercase" className={classes.factLabel} component="dt">
        {label}
      </Text>
      <Text fz="sm" fw={500} component="dd" className={classes.factValue}>
        {children}
      </Text>
    </div>
  );
}

function Identity({ debtor }: { debtor: DebtorSummary }) {
  const { t, money, date, count } = useI18n();
  const location = [debtor.city, debtor.state].filter(Boolean).join(" — ");
  return (
    <Paper withBorder radius="lg" p="lg" className={classes.panel} component="section" aria-label={t("debtor.identity")}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg" verticalSpacing="md" component="dl" className={classes.facts}>
        <Fact label={t("debtor.document")}>
          <span className="tabular">{formatDocument(debtor.document)}</span>
        </Fact>
        <Fact label={t("debtor.location")}>{location || DASH}</Fact>
        <Fact label={t("debtor.segment")}>{debtor.segment || DASH}</Fact>
        <Fact label={t("debtor.openBalance")}>
          <Text span fz="xl" fw={700} className="tabular" c="var(--mantine-color-indigo-9)">
            {money(debtor.openBalanceCents)}
          </Text>
        </Fact>
        <Fact label={t("debtor.openDebts")}>
          <span className="tabular">{count(debtor.openDebts)}</span>
        </Fact>
        <Fact label={t("debtor.oldestDue")}>
          <span className="tabular">{debtor.oldestDueDate ? date(debtor.oldestDueDate) : DASH}</span>
        </Fact>
      </SimpleGrid>
      {debtor.tags.length > 0 ? (
        <Group gap={6} mt="md" aria-label={t("debtor.tags")} role="list">
          {debtor.tags.map((tag) => (
            <Badge key={tag} variant="light" color="gray" role="listitem">
              {tag}
            </Badge>
          ))}
        </Group>
      ) : null}
    </Paper>
  );
}

function DebtsTable({ debts }: { debts: Debt[] }) {
  const { t, money, date } = useI18n();
  if (debts.length === 0) return <Text className={classes.sectionEmpty}>{t("debts.empty")}</Text>;
  return (
    <TableScroll minWidth={820} label={t("debts.title")}>
      <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-labelledby="debts-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("debts.col.externalId")}</Table.Th>
            <Table.Th scope="col">{t("debts.col.description")}</Table.Th>
            <Table.Th scope="col">{t("debts.col.dueDate")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("debts.col.original")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("debts.col.open")}</Table.Th>
            <Table.Th scope="col">{t("debts.col.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {debts.map((debt) => {
            const contract = [
              debt.contract ? t("debts.contract", { contract: debt.contract }) : null,
              debt.instalment !== null && debt.instalment !== "" ? t("debts.instalment", { instalment: String(debt.instalment) }) : null,
            ].filter(Boolean).join(", ");
            return (
              <Table.Tr key={debt.id}>
                <Table.Td className="tabular" fw={600}>{debt.externalId}</Table.Td>
                <Table.Td>
                  {debt.description || DASH}
                  {contract ? (
                    <Text fz="xs" c="dimmed">
                      {contract}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td className="tabular">{date(debt.dueDate)}</Table.Td>
                <Table.Td ta="right" className="tabular">{money(debt.originalCents)}</Table.Td>
                <Table.Td ta="right" className="tabular" fw={600}>{money(debt.openCents)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={DEBT_STATUS_COLOR[debt.status] ?? "gray"}>
                    {debtStatusLabel(t, debt.status)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function ContactsTable({ contacts }: { contacts: Contact[] }) {
  const { t, date } = useI18n();
  if (contacts.length === 0) return <Text className={classes.sectionEmpty}>{t("contacts.empty")}</Text>;
  return (
    <TableScroll minWidth={760} label={t("contacts.title")}>
      <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-labelledby="contacts-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("contacts.col.kind")}</Table.Th>
            <Table.Th scope="col">{t("contacts.col.value")}</Table.Th>
            <Table.Th scope="col">{t("contacts.col.validity")}</Table.Th>
            <Table.Th scope="col">{t("contacts.col.source")}</Table.Th>
            <Table.Th scope="col">{t("contacts.col.optOuts")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td>{contactKindLabel(t, contact.kind)}</Table.Td>
              <Table.Td className={classes.contactValue}>
                {contact.kind === "phone" || contact.kind === "whatsapp" ? formatPhone(contact.value) : contact.value}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={VALIDITY_COLOR[contact.validity] ?? "gray"}>
                  {validityLabel(t, contact.validity)}
                </Badge>
                {contact.validity === "invalid" && contact.invalidReason ? (
                  <Text fz="xs" c="dimmed" mt={4}>
                    {contact.invalidReason}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{contact.source ? sourceLabel(t, contact.source) : DASH}</Table.Td>
              <Table.Td>
                {contact.optOuts.length === 0 ? (
                  <Text span fz="sm" c="dimmed">{t("contacts.noOptOut")}</Text>
                ) : (
                  <Stack gap={2}>
                    {contact.optOuts.map((optOut) => (
                      <Text key={`${optOut.channel}:${optOut.at}`} fz="sm">
                        {t("contacts.optOutSince", { channel: channelLabel(t, optOut.channel), date: date(optOut.at.slice(0, 10)) })}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function TimelineList({ events }: { events: TimelineEvent[] }) {
  const { t, instant } = useI18n();
  if (events.length === 0) return <Text className={classes.sectionEmpty}>{t("timeline.empty")}</Text>;
  return (
    <Timeline bulletSize={12} lineWidth={2} className={classes.timeline} component="ol" color="indigo">
      {events.map((event) => (
        <Timeline.Item key={event.id} component="li" title={eventLabel(t, event.kind)}>
          <Text fz="xs" c="dimmed">
            <time dateTime={event.at}>{instant(event.at)}</time>
            {event.actor ? ` · ${t("timeline.by", { actor: actorLabel(t, event.actor) })}` : ""}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

export function DebtorPage({ debtorId }: { debtorId: string }) {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  const detail = useDebtorDetail(creditor.id, debtorId);
  const timeline = useDebtorTimeline(creditor.id, debtorId);
  const debtor = detail.data?.debtor;
  useDocumentTitle(debtor?.name ?? t("debtors.title"));

  const breadcrumbs = (
    <nav aria-label={t("debtor.breadcrumb")}>
      <Breadcrumbs separator="›" className={classes.breadcrumbs}>
        <Anchor component={Link} to="/devedores" fz="sm">
          {t("debtors.title")}
        </Anchor>
        {debtor ? (
          <Text fz="sm" c="dimmed" aria-current="page">
            {debtor.name}
          </Text>
        ) : null}
      </Breadcrumbs>
    </nav>
  );

  if (detail.isError) {
    return (
      <>
        <PageHeader before={breadcrumbs} title={t("debtors.title")} />
        <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
        <Anchor component={Link} to="/devedores" mt="md" display="inline-block">
          {t("debtor.back")}
        </Anchor>
      </>
    );
  }

  if (!detail.data || !debtor) {
    return (
      <Stack>
        <Skeleton height={18} width={180} />
        <Skeleton height={32} width={360} />
        <Skeleton height={140} radius="lg" />
        <Skeleton height={240} radius="lg" />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        before={breadcrumbs}
        title={debtor.name}
        description={
          <Group gap="xs" component="span">
            <Badge variant="light" color="indigo" component="span">
              {t(debtor.kind === "company" ? "debtor.kind.company" : "debtor.kind.person")}
            </Badge>
            <Text span c="dimmed" className="tabular">
              {formatDocument(debtor.document)}
            </Text>
          </Group>
        }
      />
      <Stack gap="lg">
        <Identity debtor={debtor} />
        <Section title={t("debts.title")} id="debts-title" count={detail.data.debts.length}>
          <DebtsTable debts={detail.data.debts} />
        </Section>
        <Grid gap="lg" align="stretch">
          <Grid.Col span={{ base: 12, xl: 8 }}>
            <Section title={t("contacts.title")} id="contacts-title" count={detail.data.contacts.length}>
              <ContactsTable contacts={detail.data.contacts} />
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xl: 4 }}>
            <Section title={t("timeline.title")} id="timeline-title">
              {timeline.isError ? (
                <div className={classes.message}>
                  <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
                </div>
              ) : timeline.data ? (
                <TimelineList events={timeline.data.items} />
              ) : (
                <Stack p="lg" gap="sm">
                  <Skeleton height={14} />
                  <Skeleton height={14} width="80%" />
                  <Skeleton height={14} width="60%" />
                </Stack>
              )}
            </Section>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
