import { ActionIcon, Alert, Anchor, Badge, Breadcrumbs, Button, Grid, Group, Menu, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { IconBarcode, IconCalendarDue, IconCash, IconDots, IconHeartHandshake, IconPlayerPause, IconPlayerPlay, IconPlus, IconQrcode } from "@tabler/icons-react";
import { useState } from "react";
import type { ReactNode } from "react";
import type { Contact, Debt, DebtorDetail, Holds, TimelineEvent } from "../api/types.ts";
import { useCan } from "../auth/user-context.tsx";
import { useI18n, useT } from "../i18n/i18n-context.tsx";
import { useCreditor } from "../layout/creditor-context.tsx";
import { Link } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { AgreementsSection } from "./agreements-section.tsx";
import { AGING_COLOR, agingBucketOf, daysLate, todayIn } from "./aging.ts";
import { BoletoModal } from "./boleto-modal.tsx";
import { ChargesSection } from "./charges-section.tsx";
import { AddContactModal, InvalidateContactModal } from "./contact-modals.tsx";
import { useHolds } from "./debtor-actions-api.ts";
import { useDebtorDetail, useDebtorTimeline } from "./debtors-api.ts";
import { formatDocument } from "./format-document.ts";
import { formatPhone } from "./format-phone.ts";
import { HoldModal, type HoldRequest } from "./hold-modal.tsx";
import { ChannelsPanel, PauseBanner } from "./holds-panels.tsx";
import { DEBT_STATUS_COLOR, VALIDITY_COLOR, actorLabel, channelLabel, contactKindLabel, debtStatusLabel, sourceLabel, validityLabel } from "./labels.ts";
import { LadderActionsSection } from "./ladder-actions-section.tsx";
import { NegotiationModal } from "./negotiation-modal.tsx";
import { PaymentModal } from "./payment-modal.tsx";
import { PaymentsSection } from "./payments-section.tsx";
import { PixModal } from "./pix-modal.tsx";
import { PromiseModal } from "./promise-modal.tsx";
import { DebtorFieldModal } from "./debtor-field-modal.tsx";
import { Section } from "./section.tsx";
import { describeEvent } from "./timeline-text.ts";
import actionClasses from "./debtor-actions.module.css";
import classes from "./debtors.module.css";

const DASH = "—";

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

/** A fact set by hand on this page: its value, and a "Definir"/"Alterar" button for who may change it. */
function EditableFact({
  label, value, onEdit, labels, note,
}: { label: string; value: string | null; onEdit: (() => void) | null; labels: { set: string; change: string; setLabel: string; changeLabel: string }; note?: string | null }) {
  return (
    <Fact label={label}>
      <Stack gap={2} align="flex-start" component="span">
        <span className={classes.contactValue}>{value || DASH}</span>
        {note ? (
          <Text span fz="xs" c="red.9">
            {note}
          </Text>
        ) : null}
        {onEdit ? (
          <Button variant="subtle" size="compact-xs" px={0} onClick={onEdit} aria-label={value ? labels.changeLabel : labels.setLabel}>
            {value ? labels.change : labels.set}
          </Button>
        ) : null}
      </Stack>
    </Fact>
  );
}

function Identity({
  debtor, today, onEditRepresentative, onEditRiskBand,
}: { debtor: DebtorDetail["debtor"]; today: string; onEditRepresentative: (() => void) | null; onEditRiskBand: (() => void) | null }) {
  const { t, money, date, instant, count } = useI18n();
  const zip = debtor.zip && /^\d{8}$/.test(debtor.zip) ? `${debtor.zip.slice(0, 5)}-${debtor.zip.slice(5)}` : debtor.zip;
  const place = [debtor.city, debtor.state].filter(Boolean).join(" — ");
  const address = [debtor.address, place, zip ? t("debtor.zip", { zip }) : null].filter(Boolean).join(", ");
  const bucket = agingBucketOf(debtor.oldestDueDate, today);
  const late = debtor.oldestDueDate ? daysLate(debtor.oldestDueDate, today) : 0;
  return (
    <Paper withBorder radius="lg" p="lg" className={classes.panel} component="section" aria-labelledby="identity-title">
      <Title order={2} fz={17} id="identity-title" mb="md">
        {t("debtor.identity")}
      </Title>
      <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="lg" verticalSpacing="md" component="dl" className={classes.facts}>
        <Fact label={t("debtor.document")}>
          <span className="tabular">{formatDocument(debtor.document)}</span>
        </Fact>
        <Fact label={t("debtor.kind")}>{t(debtor.kind === "company" ? "debtor.kind.company" : "debtor.kind.person")}</Fact>
        <Fact label={t("debtor.segment")}>{debtor.segment || DASH}</Fact>
        <Fact label={t("debtor.tags")}>
          {debtor.tags.length > 0 ? (
            <Group gap={6} component="span">
              {debtor.tags.map((tag) => (
                <Badge key={tag} variant="light" color="gray" component="span">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : (
            DASH
          )}
        </Fact>
        <Fact label={t("debtor.address")}>{address || DASH}</Fact>
        <EditableFact
          label={t("debtor.representative.label")}
          value={debtor.representativeEmail}
          note={debtor.representativeCopiesStoppedAt ? t("debtor.representative.copiesStopped", { at: instant(debtor.representativeCopiesStoppedAt) }) : null}
          onEdit={onEditRepresentative}
          labels={{ set: t("debtor.representative.set"), change: t("debtor.representative.change"), setLabel: t("debtor.representative.setLabel"), changeLabel: t("debtor.representative.changeLabel") }}
        />
        <EditableFact
          label={t("debtor.riskBand.label")}
          value={debtor.riskBand}
          onEdit={onEditRiskBand}
          labels={{ set: t("debtor.riskBand.set"), change: t("debtor.riskBand.change"), setLabel: t("debtor.riskBand.setLabel"), changeLabel: t("debtor.riskBand.changeLabel") }}
        />
        <Fact label={t("debtor.openBalance")}>
          <Text span fz="xl" fw={700} className="tabular" c="var(--mantine-color-indigo-9)">
            {money(debtor.openBalanceCents)}
          </Text>
        </Fact>
        <Fact label={t("debtor.openDebts")}>
          <span className="tabular">{count(debtor.openDebts)}</span>
        </Fact>
        <Fact label={t("debtor.oldestDue")}>
          {debtor.oldestDueDate ? (
            <Group gap={8} component="span">
              <span className="tabular">{date(debtor.oldestDueDate)}</span>
              {bucket ? (
                <Badge variant="light" color={AGING_COLOR[bucket]} size="sm" component="span">
                  {late === 1 ? t("aging.dayLate") : late > 0 ? t("aging.daysLate", { days: count(late) }) : t("aging.notDue")}
                </Badge>
              ) : null}
            </Group>
          ) : (
            DASH
          )}
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}

/** The per-debt holds a role may change: pause or resume the ladder, dispute or end a dispute. */
function DebtMenu({
  debt, paused, canPause, canDispute, canResolve, onRequest,
}: { debt: Debt; paused: boolean; canPause: boolean; canDispute: boolean; canResolve: boolean; onRequest: (request: HoldRequest) => void }) {
  const t = useT();
  const ref = { id: debt.id, externalId: debt.externalId };
  const items: { label: string; run: () => void }[] = [];
  const collected = debt.status === "open" || debt.status === "disputed";
  if (canPause && collected) items.push(paused ? { label: t("debtActions.resume"), run: () => onRequest({ kind: "resumeDebt", debt: ref }) } : { label: t("debtActions.pause"), run: () => onRequest({ kind: "pauseDebt", debt: ref }) });
  if (canDispute && debt.status === "open") items.push({ label: t("debtActions.dispute"), run: () => onRequest({ kind: "dispute", debt: ref }) });
  if (canResolve && debt.status === "disputed") items.push({ label: t("debtActions.undispute"), run: () => onRequest({ kind: "undispute", debt: ref }) });
  if (items.length === 0) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t("debtActions.menu", { debt: debt.externalId })}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((item) => (
          <Menu.Item key={item.label} onClick={item.run}>
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function DebtsTable({ debts, today, holds, onRequest }: { debts: Debt[]; today: string; holds: Holds | undefined; onRequest: (request: HoldRequest) => void }) {
  const { t, money, date, count } = useI18n();
  const canPause = useCan("hold.pause");
  const canDispute = useCan("hold.dispute");
  const canResolve = useCan("hold.resolve");
  const withActions = canPause || canDispute || canResolve;
  const paused = new Set((holds?.debts ?? []).filter((d) => d.paused).map((d) => d.debtId));
  if (debts.length === 0) return <Text className={classes.sectionEmpty}>{t("debts.empty")}</Text>;
  return (
    <TableScroll minWidth={920} label={t("debts.title")}>
      <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-labelledby="debts-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("debts.col.externalId")}</Table.Th>
            <Table.Th scope="col">{t("debts.col.description")}</Table.Th>
            <Table.Th scope="col">{t("debts.col.dueDate")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("debts.col.daysLate")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("debts.col.original")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("debts.col.open")}</Table.Th>
            <Table.Th scope="col" miw={130}>{t("debts.col.status")}</Table.Th>
            {withActions ? <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("debtActions.col")}</span></Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {debts.map((debt) => {
            const contract = [
              debt.contract ? t("debts.contract", { contract: debt.contract }) : null,
              debt.instalment !== null && debt.instalment !== "" ? t("debts.instalment", { instalment: String(debt.instalment) }) : null,
            ].filter(Boolean).join(", ");
            const late = daysLate(debt.dueDate, today);
            const isOpen = debt.status === "open" || debt.status === "disputed" || debt.status === "in_agreement";
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
                <Table.Td ta="right" className="tabular">
                  {!isOpen || debt.openCents === 0 ? (
                    <Text span c="dimmed">{DASH}</Text>
                  ) : late > 0 ? (
                    <Text span fw={600} c={late > 90 ? "red.9" : undefined}>
                      {late === 1 ? t("debts.dayLate") : t("debts.daysLate", { days: count(late) })}
                    </Text>
                  ) : (
                    <Text span c="dimmed">{late === 0 ? t("debts.dueToday") : late === -1 ? t("debts.dueTomorrow") : t("debts.dueIn", { days: count(-late) })}</Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" className="tabular">{money(debt.originalCents)}</Table.Td>
                <Table.Td ta="right" className="tabular" fw={600}>{money(debt.openCents)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={DEBT_STATUS_COLOR[debt.status] ?? "gray"}>
                    {debtStatusLabel(t, debt.status)}
                  </Badge>
                  {paused.has(debt.id) ? (
                    <Badge variant="outline" color="orange" ml={6}>
                      {t("debtActions.paused")}
                    </Badge>
                  ) : null}
                </Table.Td>
                {withActions ? (
                  <Table.Td ta="right">
                    <DebtMenu debt={debt} paused={paused.has(debt.id)} canPause={canPause} canDispute={canDispute} canResolve={canResolve} onRequest={onRequest} />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function ContactsTable({ contacts, canWrite, onInvalidate }: { contacts: Contact[]; canWrite: boolean; onInvalidate: (contact: Contact) => void }) {
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
            {canWrite ? <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("contacts.col.actions")}</span></Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((contact) => {
            const shown = contact.kind === "phone" || contact.kind === "whatsapp" ? formatPhone(contact.value) : contact.value;
            return (
              <Table.Tr key={contact.id}>
                <Table.Td>{contactKindLabel(t, contact.kind)}</Table.Td>
                <Table.Td className={classes.contactValue}>{shown}</Table.Td>
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
                {canWrite ? (
                  <Table.Td ta="right">
                    {contact.validity !== "invalid" ? (
                      <Button variant="subtle" color="red" size="compact-sm" onClick={() => onInvalidate(contact)} aria-label={t("contacts.invalidateLabel", { value: shown })}>
                        {t("contacts.invalidate")}
                      </Button>
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function TimelineSection({ creditorId, debtorId }: { creditorId: string; debtorId: string }) {
  const { t, instant, money, date } = useI18n();
  const timeline = useDebtorTimeline(creditorId, debtorId);
  const events: TimelineEvent[] = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Section title={t("timeline.title")} id="timeline-title">
      {timeline.isError ? (
        <div className={classes.message}>
          <ErrorAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
        </div>
      ) : !timeline.data ? (
        <Stack p="lg" gap="sm">
          <Skeleton height={14} />
          <Skeleton height={14} width="80%" />
          <Skeleton height={14} width="60%" />
        </Stack>
      ) : events.length === 0 ? (
        <Text className={classes.sectionEmpty}>{t("timeline.empty")}</Text>
      ) : (
        <>
          <Timeline bulletSize={12} lineWidth={2} className={classes.timeline} component="ol" color="indigo">
            {events.map((event) => {
              const text = describeEvent(event, { t, money, date });
              return (
                <Timeline.Item key={event.id} component="li" title={<span className={classes.eventTitle}>{text.title}</span>}>
                  {text.details.map((detail, index) => (
                    <Text key={index} fz="sm" className={classes.eventDetail}>
                      {detail}
                    </Text>
                  ))}
                  <Text fz="xs" c="dimmed" mt={2}>
                    <time dateTime={event.at}>{instant(event.at)}</time>
                    {event.actor ? ` · ${t("timeline.by", { actor: actorLabel(t, event.actor) })}` : ""}
                  </Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
          {timeline.hasNextPage ? (
            <Group justify="center" pb="md">
              <Button variant="default" size="sm" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
                {t("timeline.loadMore")}
              </Button>
            </Group>
          ) : null}
        </>
      )}
    </Section>
  );
}

type Dialog = "payment" | "boleto" | "pix" | "negotiate" | "promise" | null;

/** The debtor's actions, offered by role: payment, boleto, PIX, agreement, promise, pause. */
function Toolbar({ paused, onOpen, onRequest }: { paused: boolean; onOpen: (dialog: Exclude<Dialog, null>) => void; onRequest: (request: HoldRequest) => void }) {
  const t = useT();
  const can = {
    payment: useCan("payment.write"),
    boleto: useCan("boleto.issue"),
    pix: useCan("pix.issue"),
    agreement: useCan("agreement.write"),
    promise: useCan("promise.write"),
    pause: useCan("hold.pause"),
  };
  if (!Object.values(can).some(Boolean)) return null;
  return (
    <Paper withBorder radius="lg" className={actionClasses.toolbar} component="section" aria-label={t("toolbar.label")}>
      <Group gap="xs" wrap="wrap">
        {can.payment ? (
          <Button size="sm" leftSection={<IconCash size={16} />} onClick={() => onOpen("payment")}>
            {t("toolbar.payment")}
          </Button>
        ) : null}
        {can.boleto ? (
          <Button size="sm" variant="light" leftSection={<IconBarcode size={16} />} onClick={() => onOpen("boleto")}>
            {t("toolbar.boleto")}
          </Button>
        ) : null}
        {can.pix ? (
          <Button size="sm" variant="light" leftSection={<IconQrcode size={16} />} onClick={() => onOpen("pix")}>
            {t("toolbar.pix")}
          </Button>
        ) : null}
        {can.agreement ? (
          <Button size="sm" variant="light" leftSection={<IconHeartHandshake size={16} />} onClick={() => onOpen("negotiate")}>
            {t("toolbar.negotiate")}
          </Button>
        ) : null}
        {can.promise ? (
          <Button size="sm" variant="light" leftSection={<IconCalendarDue size={16} />} onClick={() => onOpen("promise")}>
            {t("toolbar.promise")}
          </Button>
        ) : null}
        {can.pause ? (
          paused ? (
            <Button size="sm" variant="default" leftSection={<IconPlayerPlay size={16} />} onClick={() => onRequest({ kind: "resume" })}>
              {t("toolbar.resume")}
            </Button>
          ) : (
            <Button size="sm" variant="default" color="orange" leftSection={<IconPlayerPause size={16} />} onClick={() => onRequest({ kind: "pause" })}>
              {t("toolbar.pause")}
            </Button>
          )
        ) : null}
      </Group>
    </Paper>
  );
}

export function DebtorPage({ debtorId }: { debtorId: string }) {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  const canWriteContacts = useCan("contact.write");
  // The band decides which ladder steps apply: the ladder designers' call, as on the server.
  const canSetRiskBand = useCan("ladder.write");
  const detail = useDebtorDetail(creditor.id, debtorId);
  const holds = useHolds(creditor.id, debtorId);
  const debtor = detail.data?.debtor;
  const today = todayIn(creditor.timeZone);
  const [adding, setAdding] = useState(false);
  const [invalidating, setInvalidating] = useState<Contact | null>(null);
  const [editingRepresentative, setEditingRepresentative] = useState(false);
  const [editingRiskBand, setEditingRiskBand] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [holdRequest, setHoldRequest] = useState<HoldRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
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

  const debts = detail.data.debts;
  // What can still be charged: open and disputed debts with a balance (in-agreement originals are owed through the agreement).
  const chargeable = debts.filter((d) => (d.status === "open" || d.status === "disputed") && d.openCents > 0);
  const payable = debts.filter((d) => d.status === "open" && d.openCents > 0);
  const done = (message: string) => setNotice(message);

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
        <Toolbar paused={holds.data?.debtor.paused ?? false} onOpen={setDialog} onRequest={setHoldRequest} />
        {notice ? (
          <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t("common.close")}>
            {notice}
          </Alert>
        ) : null}
        <PauseBanner holds={holds.data} onRequest={setHoldRequest} />
        <Identity
          debtor={debtor}
          today={today}
          onEditRepresentative={canWriteContacts ? () => setEditingRepresentative(true) : null}
          onEditRiskBand={canSetRiskBand ? () => setEditingRiskBand(true) : null}
        />
        <Grid gap="lg" align="stretch">
          <Grid.Col span={{ base: 12, xl: 8 }}>
            <Stack gap="lg">
              <Section title={t("debts.title")} id="debts-title" count={debts.length}>
                <DebtsTable debts={debts} today={today} holds={holds.data} onRequest={setHoldRequest} />
              </Section>
              <ChargesSection creditorId={creditor.id} debtorId={debtorId} debts={chargeable} />
              <LadderActionsSection creditorId={creditor.id} debtorId={debtorId} />
              <AgreementsSection creditorId={creditor.id} debtorId={debtorId} />
              <PaymentsSection creditorId={creditor.id} debtorId={debtorId} />
              <Section
                title={t("contacts.title")}
                id="contacts-title"
                count={detail.data.contacts.length}
                actions={
                  canWriteContacts ? (
                    <Button size="xs" variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                      {t("contacts.add")}
                    </Button>
                  ) : null
                }
              >
                <ContactsTable contacts={detail.data.contacts} canWrite={canWriteContacts} onInvalidate={setInvalidating} />
                <ChannelsPanel holds={holds.data} onRequest={setHoldRequest} />
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, xl: 4 }}>
            <TimelineSection creditorId={creditor.id} debtorId={debtorId} />
          </Grid.Col>
        </Grid>
      </Stack>
      {canWriteContacts ? (
        <>
          <AddContactModal creditorId={creditor.id} debtorId={debtorId} opened={adding} onClose={() => setAdding(false)} onDone={() => setNotice(t("contacts.added"))} />
          <InvalidateContactModal creditorId={creditor.id} debtorId={debtorId} contact={invalidating} onClose={() => setInvalidating(null)} onDone={() => setNotice(t("contacts.invalidated"))} />
          <DebtorFieldModal field="representativeEmail" creditorId={creditor.id} debtorId={debtorId} current={debtor.representativeEmail} opened={editingRepresentative} onClose={() => setEditingRepresentative(false)} onDone={done} />
        </>
      ) : null}
      {canSetRiskBand ? (
        <DebtorFieldModal field="riskBand" creditorId={creditor.id} debtorId={debtorId} current={debtor.riskBand} opened={editingRiskBand} onClose={() => setEditingRiskBand(false)} onDone={done} />
      ) : null}
      <PaymentModal creditorId={creditor.id} document={debtor.document} debts={payable} today={today} opened={dialog === "payment"} onClose={() => setDialog(null)} onDone={done} />
      <BoletoModal creditorId={creditor.id} debts={payable} today={today} opened={dialog === "boleto"} onClose={() => setDialog(null)} />
      <PixModal creditorId={creditor.id} debts={payable} today={today} opened={dialog === "pix"} onClose={() => setDialog(null)} />
      <NegotiationModal creditorId={creditor.id} debtorId={debtorId} opened={dialog === "negotiate"} onClose={() => setDialog(null)} onDone={done} />
      <PromiseModal creditorId={creditor.id} debtorId={debtorId} balanceCents={debtor.openBalanceCents} today={today} opened={dialog === "promise"} onClose={() => setDialog(null)} onDone={done} />
      <HoldModal creditorId={creditor.id} debtorId={debtorId} request={holdRequest} today={today} onClose={() => setHoldRequest(null)} onDone={done} />
    </>
  );
}
