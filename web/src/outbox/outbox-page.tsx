import { Alert, Anchor, Badge, Button, EmptyState, Group, Modal, NativeSelect, Paper, Skeleton, Stack, Table, Tabs, Text, TextInput, Textarea, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconClick, IconEye, IconMailOff, IconMailOpened, IconX } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import type { FormEvent } from "react";
import { useCan } from "../auth/user-context.tsx";
import { formatDocument } from "../debtors/format-document.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { CHANNELS } from "../ladders/ladder-form.ts";
import { ChannelTag, channelName } from "../ladders/vocabulary.tsx";
import { Link, navigate, useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { IconInbox } from "../ui/icons.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { MessageViewer } from "./message-viewer.tsx";
import { OUTBOX_STATUSES, useDecision, useOutbox, useSinkMessages, type OutboxFilters, type OutboxItem, type OutboxStatus } from "./outbox-api.ts";
import classes from "./outbox.module.css";

export const STATUS_COLOR: Record<OutboxStatus, string> = {
  planned: "indigo",
  awaiting_approval: "violet",
  sending: "cyan",
  sent: "teal",
  failed: "red",
  cancelled: "gray",
  rejected: "gray",
  uncertain: "orange",
};

const FILTER_NAMES = ["status", "channel", "from", "to"] as const;

function useOutboxUrl() {
  const { search } = useLocation();
  const filters: OutboxFilters = { status: search.get("status") ?? "", channel: search.get("channel") ?? "", from: search.get("from") ?? "", to: search.get("to") ?? "" };
  const tab = search.get("aba") === "emails" ? "emails" : "actions";
  function write(patch: Partial<OutboxFilters> & { aba?: string }) {
    const next = { ...filters, aba: tab === "emails" ? "emails" : "", ...patch };
    const params = new URLSearchParams();
    for (const name of [...FILTER_NAMES, "aba"] as const) if (next[name]) params.set(name, next[name]);
    const query = params.toString();
    navigate(query ? `/caixa-de-saida?${query}` : "/caixa-de-saida", { replace: true });
  }
  return { filters, tab, write };
}

function Tracking({ item }: { item: OutboxItem }) {
  const { t, instant } = useI18n();
  const { opened, clicked, bounced, complained, unsubscribed } = item.tracking;
  if (item.channel !== "email") return <Text fz="xs" c="dimmed">—</Text>;
  if (!opened && !clicked && !bounced && !complained && !unsubscribed) return <Text fz="xs" c="dimmed">{item.status === "sent" ? t("outbox.tracking.none") : "—"}</Text>;
  const last = item.tracking.lastAt ? t("outbox.tracking.last", { at: instant(item.tracking.lastAt) }) : "";
  return (
    <Group gap={4} wrap="wrap" title={last}>
      {opened ? <Badge size="sm" variant="light" color="teal" leftSection={<IconMailOpened size={12} aria-hidden />}>{t("outbox.tracking.opened", { count: opened })}</Badge> : null}
      {clicked ? <Badge size="sm" variant="light" color="indigo" leftSection={<IconClick size={12} aria-hidden />}>{t("outbox.tracking.clicked", { count: clicked })}</Badge> : null}
      {bounced ? <Badge size="sm" variant="light" color="red" leftSection={<IconMailOff size={12} aria-hidden />}>{t("outbox.tracking.bounced")}</Badge> : null}
      {complained ? <Badge size="sm" variant="light" color="red">{t("outbox.tracking.complained")}</Badge> : null}
      {unsubscribed ? <Badge size="sm" variant="light" color="gray">{t("outbox.tracking.unsubscribed")}</Badge> : null}
    </Group>
  );
}

function RejectModal({ item, onClose, onReject, pending, error }: { item: OutboxItem | null; onClose: () => void; onReject: (reason: string) => void; pending: boolean; error: unknown }) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const short = reason.trim().length < 3;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!short) onReject(reason.trim());
  }
  return (
    <Modal opened={item !== null} onClose={onClose} title={t("outbox.reject.title")} centered radius="lg" closeButtonProps={{ "aria-label": t("common.close") }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {error ? <ErrorAlert error={error} /> : null}
          {item ? <Text fz="sm">{t("outbox.reject.text", { debtor: item.debtor.name, step: item.stepId, channel: channelName(t, item.channel) })}</Text> : null}
          <Textarea label={t("outbox.reject.reason")} value={reason} onChange={(event) => setReason(event.currentTarget.value)} error={submitted && short ? t("outbox.reject.reasonRequired") : null} autosize minRows={2} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" color="red" loading={pending}>{t("outbox.reject.submit")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ActionsTab({ creditorId, onView }: { creditorId: string; onView: (id: string) => void }) {
  const { t, instant, count, date } = useI18n();
  const mayDecide = useCan("action.approve");
  const { filters, write } = useOutboxUrl();
  const list = useOutbox(creditorId, filters);
  const decision = useDecision(creditorId);
  const [rejecting, setRejecting] = useState<OutboxItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = list.data?.pages[0]?.counts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const set = (name: keyof OutboxFilters) => (event: { currentTarget: { value: string } }) => write({ [name]: event.currentTarget.value });
  const hasFilters = FILTER_NAMES.some((n) => filters[n]);
  const dateError = filters.from && filters.to && filters.to < filters.from ? t("outbox.dateOrder") : null;

  function approve(item: OutboxItem) {
    setNotice(null);
    decision.mutate({ actionIds: [item.id], approve: true }, { onSuccess: () => setNotice(t("outbox.approved", { debtor: item.debtor.name })) });
  }

  return (
    <>
      <div className={classes.statusBar} role="group" aria-label={t("outbox.byStatus")}>
        <Button size="compact-sm" variant={filters.status === "" ? "filled" : "default"} aria-pressed={filters.status === ""} onClick={() => write({ status: "" })}>
          {t("outbox.status.all")} <span className={classes.count}>{count(total)}</span>
        </Button>
        {OUTBOX_STATUSES.map((status) => (
          <Button
            key={status}
            size="compact-sm"
            variant={filters.status === status ? "filled" : "default"}
            color={filters.status === status ? `${STATUS_COLOR[status]}.9` : undefined}
            aria-pressed={filters.status === status}
            onClick={() => write({ status: filters.status === status ? "" : status })}
          >
            {t(`outbox.status.${status}`)} <span className={classes.count}>{count(counts[status] ?? 0)}</span>
          </Button>
        ))}
      </div>
      <form role="search" aria-label={t("outbox.filters")} className={classes.filters} onSubmit={(event) => event.preventDefault()}>
        <NativeSelect label={t("outbox.col.status")} value={filters.status} onChange={set("status")} data={[{ value: "", label: t("outbox.status.all") }, ...OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`outbox.status.${s}`) }))]} />
        <NativeSelect label={t("outbox.col.channel")} value={filters.channel} onChange={set("channel")} data={[{ value: "", label: t("outbox.allChannels") }, ...CHANNELS.map((c) => ({ value: c, label: channelName(t, c) }))]} />
        <TextInput type="date" label={t("outbox.from")} value={filters.from} onChange={set("from")} max={filters.to || undefined} />
        <TextInput type="date" label={t("outbox.to")} value={filters.to} onChange={set("to")} min={filters.from || undefined} error={dateError} />
        {hasFilters ? <Button variant="subtle" onClick={() => write({ status: "", channel: "", from: "", to: "" })}>{t("outbox.clear")}</Button> : null}
      </form>
      {notice ? <Alert color="teal" variant="light" role="status" m="md" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t("common.close")}>{notice}</Alert> : null}
      {decision.isError && rejecting === null ? <div className={classes.message}><ErrorAlert error={decision.error} /></div> : null}
      {list.isError ? <div className={classes.message}><ErrorAlert error={list.error} onRetry={() => void list.refetch()} /></div> : null}
      {list.isPending ? <div className={classes.message}><Skeleton height={200} /></div> : null}
      {list.isSuccess && items.length === 0 ? (
        <EmptyState variant="light" color="gray" py={48} icon={<IconInbox size={28} />} title={<span role="heading" aria-level={2}>{t("outbox.empty")}</span>} description={hasFilters ? t("outbox.emptyFiltered") : t("outbox.emptyAll")} />
      ) : null}
      {items.length > 0 ? (
        <TableScroll minWidth={940} label={t("outbox.tableLabel")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("outbox.tableLabel")} aria-busy={list.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("outbox.col.debtor")}</Table.Th>
                <Table.Th scope="col">{t("outbox.col.channel")}</Table.Th>
                <Table.Th scope="col">{t("outbox.col.sendAt")}</Table.Th>
                <Table.Th scope="col">{t("outbox.col.status")}</Table.Th>
                <Table.Th scope="col">{t("outbox.col.tracking")}</Table.Th>
                <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("outbox.col.actions")}</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Fragment key={item.id}>
                  <Table.Tr data-uncertain={item.status === "uncertain" || undefined} className={classes.row}>
                    <Table.Td>
                      <Anchor component={Link} to={`/devedores/${item.debtor.id}`} fz="sm" fw={600}>{item.debtor.name}</Anchor>
                      <Text fz="xs" c="dimmed" className="tabular">{formatDocument(item.debtor.document)}</Text>
                      <Text fz="xs" c="dimmed">{item.debtExternalIds.join(", ")}</Text>
                    </Table.Td>
                    <Table.Td fz="sm">
                      <ChannelTag channel={item.channel} t={t} />
                      <Text fz="xs" c="dimmed"><span className={classes.mono}>{item.stepId}</span> · {item.ladderId}</Text>
                      {item.recipient ? <Text fz="xs" c="dimmed" className={classes.wrap}>{item.recipient}</Text> : null}
                    </Table.Td>
                    <Table.Td fz="sm" className="tabular">
                      {instant(item.sentAt ?? item.sendAt)}
                      <Text fz="xs" c="dimmed">{item.sentAt ? t("outbox.sentAt") : t("outbox.plannedFor", { day: date(item.localDay) })}</Text>
                    </Table.Td>
                    <Table.Td className={classes.statusCell}>
                      <Badge color={STATUS_COLOR[item.status]} variant="light" leftSection={item.status === "uncertain" ? <IconAlertTriangle size={12} aria-hidden /> : undefined}>
                        {t(`outbox.status.${item.status}`)}
                      </Badge>
                      {item.attempts > 0 ? <Text fz="xs" c="dimmed" mt={2}>{t("outbox.attempts", { count: count(item.attempts) })}</Text> : null}
                      {item.lastError ? <Text fz="xs" c="red.9" mt={2} className={classes.errorText}>{t("outbox.lastError", { error: item.lastError })}</Text> : null}
                      {item.cancelReason ? <Text fz="xs" c="dimmed" mt={2} className={classes.errorText}>{t("outbox.reason", { reason: item.cancelReason })}</Text> : null}
                    </Table.Td>
                    <Table.Td><Tracking item={item} /></Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {item.sinkMessageId ? (
                          <Tooltip label={t("outbox.viewMessage")} withinPortal>
                            <Button size="compact-sm" variant="light" leftSection={<IconEye size={14} aria-hidden />} onClick={() => onView(item.sinkMessageId!)} aria-label={t("outbox.viewMessageFor", { debtor: item.debtor.name })}>
                              {t("outbox.view")}
                            </Button>
                          </Tooltip>
                        ) : null}
                        {item.status === "awaiting_approval" && mayDecide ? (
                          <>
                            <Button size="compact-sm" color="teal.9" leftSection={<IconCheck size={14} aria-hidden />} loading={decision.isPending && decision.variables?.actionIds[0] === item.id && decision.variables.approve} onClick={() => approve(item)} aria-label={t("outbox.approveFor", { debtor: item.debtor.name })}>
                              {t("outbox.approve")}
                            </Button>
                            <Button size="compact-sm" color="red" variant="light" leftSection={<IconX size={14} aria-hidden />} onClick={() => {
                              decision.reset();
                              setRejecting(item);
                            }} aria-label={t("outbox.rejectFor", { debtor: item.debtor.name })}>
                              {t("outbox.reject.button")}
                            </Button>
                          </>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {item.status === "uncertain" ? (
                    <Table.Tr className={classes.uncertainRow}>
                      <Table.Td colSpan={6}>
                        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={t("outbox.uncertain.title")}>
                          {t("outbox.uncertain.text")}
                        </Alert>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      ) : null}
      {items.length > 0 ? (
        <Group justify="space-between" className={classes.footer}>
          <Text fz="sm" c="dimmed" role="status">{t("outbox.shown", { count: count(items.length) })}</Text>
          {list.hasNextPage ? <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t("outbox.loadMore")}</Button> : null}
        </Group>
      ) : null}
      <RejectModal
        key={rejecting?.id ?? "none"}
        item={rejecting}
        onClose={() => setRejecting(null)}
        pending={decision.isPending}
        error={decision.isError ? decision.error : null}
        onReject={(reason) => {
          const item = rejecting;
          if (!item) return;
          decision.mutate({ actionIds: [item.id], approve: false, reason }, {
            onSuccess: () => {
              setRejecting(null);
              setNotice(t("outbox.rejected", { debtor: item.debtor.name }));
            },
          });
        }}
      />
    </>
  );
}

function EmailsTab({ creditorId, onView }: { creditorId: string; onView: (id: string) => void }) {
  const { t, instant, count } = useI18n();
  const list = useSinkMessages(creditorId, true);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Text fz="sm" c="dimmed" className={classes.message}>{t("outbox.emails.hint")}</Text>
      {list.isError ? <div className={classes.message}><ErrorAlert error={list.error} onRetry={() => void list.refetch()} /></div> : null}
      {list.isPending ? <div className={classes.message}><Skeleton height={160} /></div> : null}
      {list.isSuccess && items.length === 0 ? <EmptyState variant="light" color="gray" py={48} icon={<IconInbox size={28} />} title={<span role="heading" aria-level={2}>{t("outbox.emails.empty")}</span>} description={t("outbox.emails.emptyHint")} /> : null}
      {items.length > 0 ? (
        <TableScroll minWidth={860} label={t("outbox.emails.tableLabel")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("outbox.emails.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("outbox.emails.received")}</Table.Th>
                <Table.Th scope="col">{t("outbox.viewer.to")}</Table.Th>
                <Table.Th scope="col">{t("outbox.emails.subject")}</Table.Th>
                <Table.Th scope="col">DKIM</Table.Th>
                <Table.Th scope="col">{t("outbox.emails.unsubscribe")}</Table.Th>
                <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("outbox.col.actions")}</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td fz="sm" className="tabular">{instant(m.receivedAt)}</Table.Td>
                  <Table.Td fz="sm" className={classes.wrap}>{m.to.join(", ")}</Table.Td>
                  <Table.Td fz="sm">
                    {m.subject ?? "—"}
                    {m.kind === "dsn" ? <Badge ml={6} size="xs" color="red" variant="light">{t("outbox.emails.dsn")}</Badge> : null}
                    {m.outcome === "dropped" ? <Badge ml={6} size="xs" color="gray" variant="light">{t("outbox.emails.dropped")}</Badge> : null}
                  </Table.Td>
                  <Table.Td><Badge size="sm" variant="light" color={m.dkim === "pass" ? "teal" : m.dkim === "fail" ? "red" : m.dkim === "unverified" ? "yellow" : "gray"}>{t(`outbox.dkim.${m.dkim === "pass" || m.dkim === "fail" || m.dkim === "unverified" ? m.dkim : "none"}`)}</Badge></Table.Td>
                  <Table.Td fz="sm">{m.listUnsubscribe ? t("outbox.emails.yes") : t("outbox.emails.no")}</Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="light" leftSection={<IconEye size={14} aria-hidden />} onClick={() => onView(m.id)} aria-label={t("outbox.emails.openLabel", { subject: m.subject ?? m.id })}>{t("outbox.view")}</Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      ) : null}
      {items.length > 0 ? (
        <Group justify="space-between" className={classes.footer}>
          <Text fz="sm" c="dimmed" role="status">{t("outbox.shown", { count: count(items.length) })}</Text>
          {list.hasNextPage ? <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t("outbox.loadMore")}</Button> : null}
        </Group>
      ) : null}
    </>
  );
}

/** Caixa de saída: what the ladder planned and sent, with status and tracking, and the local SMTP server's messages. */
export function OutboxPage() {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("outbox.title"));
  const { tab, write } = useOutboxUrl();
  const [viewing, setViewing] = useState<string | null>(null);
  return (
    <>
      <PageHeader title={t("outbox.title")} description={t("outbox.subtitle", { creditor: creditorName(creditor) })} />
      <Paper withBorder radius="lg" className={classes.panel}>
        <Tabs value={tab} onChange={(value) => write({ aba: value === "emails" ? "emails" : "" })} keepMounted={false} className={classes.tabs}>
          <Tabs.List px="md" pt="sm">
            <Tabs.Tab value="actions">{t("outbox.tab.actions")}</Tabs.Tab>
            <Tabs.Tab value="emails">{t("outbox.tab.emails")}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="actions" className={classes.tabPanel}><ActionsTab creditorId={creditor.id} onView={setViewing} /></Tabs.Panel>
          <Tabs.Panel value="emails" className={classes.tabPanel}><EmailsTab creditorId={creditor.id} onView={setViewing} /></Tabs.Panel>
        </Tabs>
      </Paper>
      <MessageViewer creditorId={creditor.id} messageId={viewing} onClose={() => setViewing(null)} />
    </>
  );
}
