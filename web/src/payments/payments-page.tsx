import { Alert, Anchor, Badge, Button, FileButton, Group, NativeSelect, Paper, Progress, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, TextInput, Title } from "@mantine/core";
import { IconFileImport, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import type { DragEvent, FormEvent, ReactNode } from "react";
import type { CnabImportResult, Payment } from "../api/types.ts";
import { useCan } from "../auth/user-context.tsx";
import { actorLabel } from "../debtors/labels.ts";
import { allocationText } from "../debtors/payments-section.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { Link, navigate, useLocation } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { MatchModal, RejectModal } from "./match-modal.tsx";
import {
  PAYMENT_SOURCES, PAYMENT_STATUSES, PAYMENT_STATUS_COLOR, paymentMethodLabel, paymentSourceLabel, paymentStatusLabel, unmatchedReasonLabel,
} from "./payment-labels.ts";
import { useCnabUpload, usePaymentList, useUnmatchedQueue, type PaymentFilters } from "./payments-api.ts";
import classes from "./payments.module.css";

const ACCEPT = ".ret,.txt,.rem,.cnab,.240,.400,text/plain,application/octet-stream";

function Panel({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="lg" className={classes.panel} component="section" aria-labelledby={id}>
      <Group justify="space-between" className={classes.panelHeader}>
        <Title order={2} fz={17} id={id}>
          {title}
        </Title>
      </Group>
      {children}
    </Paper>
  );
}

function CnabResult({ fileName, result }: { fileName: string; result: CnabImportResult }) {
  const { t, money, date, count } = useI18n();
  const stats = [
    { label: t("cnab.stat.applied"), value: result.applied, color: "teal" },
    { label: t("cnab.stat.alreadyApplied"), value: result.alreadyApplied, color: "gray" },
    { label: t("cnab.stat.unmatched"), value: result.unmatched.length, color: "orange" },
  ];
  return (
    <Stack gap="md" px="lg" pb="lg">
      <Alert color={result.unmatched.length ? "orange" : "teal"} variant="light" role="status" title={t("cnab.resultTitle", { file: fileName })}>
        {result.unmatched.length ? t("cnab.someUnmatched", { count: count(result.unmatched.length) }) : t("cnab.allApplied")}
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" component="dl" m={0}>
        {stats.map((s) => (
          <div key={s.label} className={classes.stat}>
            <Text component="dt" fz="xs" fw={700} c="dimmed" tt="uppercase">
              {s.label}
            </Text>
            <Text component="dd" m={0} fz={24} fw={700} className="tabular" c={`${s.color}.9`}>
              {count(s.value)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {result.unmatched.length ? (
        <TableScroll minWidth={560} label={t("cnab.unmatchedTitle")}>
          <Table verticalSpacing={6} horizontalSpacing="md" className={classes.table} striped aria-label={t("cnab.unmatchedTitle")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" ta="right">{t("cnab.col.line")}</Table.Th>
                <Table.Th scope="col">{t("cnab.col.ourNumber")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("cnab.col.amount")}</Table.Th>
                <Table.Th scope="col">{t("cnab.col.date")}</Table.Th>
                <Table.Th scope="col">{t("cnab.col.reason")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.unmatched.map((u) => (
                <Table.Tr key={u.paymentId}>
                  <Table.Td ta="right" className="tabular">{u.line}</Table.Td>
                  <Table.Td className="tabular">{u.ourNumber}</Table.Td>
                  <Table.Td ta="right" className="tabular">{money(u.paidCents)}</Table.Td>
                  <Table.Td className="tabular">{date(u.paidDate)}</Table.Td>
                  <Table.Td>{unmatchedReasonLabel(t, u.reason)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      ) : null}
    </Stack>
  );
}

/** "Enviar retorno": the bank's CNAB 240/400 return file, applied at once; what does not match goes to the queue. */
function CnabUpload({ creditorId }: { creditorId: string }) {
  const { t } = useI18n();
  const upload = useCnabUpload(creditorId);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [missing, setMissing] = useState(false);
  const busy = upload.state.phase === "sending" || upload.state.phase === "processing";

  function choose(chosen: File | null) {
    setFile(chosen);
    setMissing(false);
    if (upload.state.phase === "done" || upload.state.phase === "failed") upload.reset();
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) choose(dropped);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    void upload.send(file);
  }

  const state = upload.state;
  const percent = state.phase === "sending" && state.progress && state.progress.total > 0 ? Math.round((state.progress.loaded / state.progress.total) * 100) : null;
  return (
    <Panel title={t("cnab.title")} id="cnab-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md" p="lg">
          <div
            className={classes.dropZone}
            data-dragging={dragging || undefined}
            data-invalid={missing || undefined}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
          >
            <IconFileImport size={30} aria-hidden="true" />
            {file ? <Text fw={600} className={classes.fileName}>{file.name}</Text> : <Text fw={600}>{t("cnab.dropHere")}</Text>}
            <Text fz="sm" c="dimmed">
              {t("cnab.formats")}
            </Text>
            <FileButton accept={ACCEPT} onChange={choose}>
              {(props) => (
                <Button {...props} variant="default" mt="xs" aria-describedby={missing ? "cnab-file-error" : undefined}>
                  {file ? t("cnab.changeFile") : t("cnab.chooseFile")}
                </Button>
              )}
            </FileButton>
            {missing ? (
              <Text id="cnab-file-error" fz="sm" c="var(--mantine-color-error)" role="alert">
                {t("cnab.fileRequired")}
              </Text>
            ) : null}
          </div>
          {state.phase === "sending" ? <Progress value={percent ?? 5} animated aria-label={t("cnab.sending", { percent: percent ?? 0 })} /> : null}
          {state.phase === "processing" ? (
            <Text fz="sm" role="status">
              {t("cnab.processing")}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" leftSection={<IconUpload size={18} />} loading={busy}>
              {t("cnab.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
      {state.phase === "failed" ? (
        <Stack px="lg" pb="lg">
          <ErrorAlert error={state.error} title={t("cnab.failed")} />
        </Stack>
      ) : null}
      {state.phase === "done" ? <CnabResult fileName={state.fileName} result={state.result} /> : null}
    </Panel>
  );
}

function reference(payment: Payment, t: ReturnType<typeof useI18n>["t"]): string | null {
  if (payment.ourNumber) return t("payments.ourNumber", { number: payment.ourNumber });
  if (payment.txid) return t("payments.txid", { txid: payment.txid });
  if (payment.endToEndId) return t("payments.e2e", { id: payment.endToEndId });
  return null;
}

/** The reconciliation queue: payments that matched no debt, oldest first, with matching and rejection by role. */
function QueueTable({ creditorId, onMatch, onReject }: { creditorId: string; onMatch: (p: Payment) => void; onReject: (p: Payment) => void }) {
  const { t, money, date, instant } = useI18n();
  const canReconcile = useCan("payment.reconcile");
  const queue = useUnmatchedQueue(creditorId);
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  if (queue.isError) return <Stack p="lg"><ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} /></Stack>;
  if (!queue.data) return <Stack p="lg"><Skeleton height={16} /><Skeleton height={16} width="70%" /></Stack>;
  if (items.length === 0) return <Text className={classes.empty}>{t("payments.queueEmpty")}</Text>;
  return (
    <>
      <TableScroll minWidth={820} label={t("payments.queueTitle")}>
        <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("payments.queueTitle")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("payments.col.paidDate")}</Table.Th>
              <Table.Th scope="col" ta="right">{t("payments.col.amount")}</Table.Th>
              <Table.Th scope="col">{t("payments.col.source")}</Table.Th>
              <Table.Th scope="col">{t("payments.col.reference")}</Table.Th>
              <Table.Th scope="col">{t("payments.col.reason")}</Table.Th>
              {canReconcile ? <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("payments.col.actions")}</span></Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td className="tabular">
                  {date(p.paidDate)}
                  <Text fz="xs" c="dimmed">{t("payments.receivedAt", { at: instant(p.receivedAt) })}</Text>
                </Table.Td>
                <Table.Td ta="right" className="tabular" fw={600}>{money(p.amountCents)}</Table.Td>
                <Table.Td>{paymentSourceLabel(t, p.source)}{p.line ? <Text fz="xs" c="dimmed">{t("payments.line", { line: p.line })}</Text> : null}</Table.Td>
                <Table.Td className="tabular" fz="sm">{reference(p, t) ?? "—"}</Table.Td>
                <Table.Td fz="sm">{p.unmatchedReason ? unmatchedReasonLabel(t, p.unmatchedReason) : "—"}</Table.Td>
                {canReconcile ? (
                  <Table.Td ta="right">
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" onClick={() => onMatch(p)} aria-label={t("payments.matchLabel", { amount: money(p.amountCents), date: date(p.paidDate) })}>
                        {t("payments.match")}
                      </Button>
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => onReject(p)} aria-label={t("payments.rejectLabel", { amount: money(p.amountCents), date: date(p.paidDate) })}>
                        {t("payments.reject")}
                      </Button>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {queue.hasNextPage ? (
        <Group justify="center" className={classes.footer}>
          <Button variant="default" onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
            {t("payments.loadMore")}
          </Button>
        </Group>
      ) : null}
    </>
  );
}

function filtersFrom(search: URLSearchParams): PaymentFilters {
  const pick = (name: string, allowed: readonly string[]) => {
    const value = search.get(name) ?? "";
    return allowed.includes(value) ? value : "";
  };
  const day = (name: string) => (/^\d{4}-\d{2}-\d{2}$/.test(search.get(name) ?? "") ? search.get(name)! : "");
  return { status: pick("situacao", PAYMENT_STATUSES), source: pick("origem", PAYMENT_SOURCES), from: day("de"), to: day("ate") };
}

/** Every payment, newest first, by status, source and paid date (kept in the URL). */
function PaymentsList({ creditorId, filters, onChange }: { creditorId: string; filters: PaymentFilters; onChange: (filters: PaymentFilters) => void }) {
  const { t, money, date, count } = useI18n();
  const list = usePaymentList(creditorId, filters);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const badRange = filters.from !== "" && filters.to !== "" && filters.to < filters.from;
  return (
    <>
      <form className={classes.filters} aria-label={t("payments.filters")} onSubmit={(event) => event.preventDefault()}>
        <NativeSelect
          label={t("payments.filter.status")}
          value={filters.status}
          onChange={(event) => onChange({ ...filters, status: event.currentTarget.value })}
          data={[{ value: "", label: t("payments.filter.any") }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: paymentStatusLabel(t, s) }))]}
        />
        <NativeSelect
          label={t("payments.filter.source")}
          value={filters.source}
          onChange={(event) => onChange({ ...filters, source: event.currentTarget.value })}
          data={[{ value: "", label: t("payments.filter.any") }, ...PAYMENT_SOURCES.map((s) => ({ value: s, label: paymentSourceLabel(t, s) }))]}
        />
        <TextInput type="date" label={t("payments.filter.from")} value={filters.from} onChange={(event) => onChange({ ...filters, from: event.currentTarget.value })} />
        <TextInput type="date" label={t("payments.filter.to")} value={filters.to} onChange={(event) => onChange({ ...filters, to: event.currentTarget.value })} error={badRange ? t("payments.filter.badRange") : null} />
      </form>
      {list.isError ? (
        <Stack p="lg"><ErrorAlert error={list.error} onRetry={() => void list.refetch()} /></Stack>
      ) : !list.data ? (
        <Stack p="lg"><Skeleton height={16} /><Skeleton height={16} width="70%" /></Stack>
      ) : items.length === 0 ? (
        <Text className={classes.empty}>{t("payments.empty")}</Text>
      ) : (
        <TableScroll minWidth={900} label={t("payments.listTitle")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("payments.listTitle")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("payments.col.paidDate")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("payments.col.amount")}</Table.Th>
                <Table.Th scope="col">{t("payments.col.source")}</Table.Th>
                <Table.Th scope="col">{t("payments.col.applied")}</Table.Th>
                <Table.Th scope="col">{t("payments.col.status")}</Table.Th>
                <Table.Th scope="col">{t("payments.col.by")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td className="tabular">{date(p.paidDate)}</Table.Td>
                  <Table.Td ta="right" className="tabular" fw={600}>{money(p.amountCents)}</Table.Td>
                  <Table.Td>
                    {paymentSourceLabel(t, p.source)} · {paymentMethodLabel(t, p.method)}
                    {reference(p, t) ? <Text fz="xs" c="dimmed">{reference(p, t)}</Text> : null}
                    {p.note ? <Text fz="xs" c="dimmed">{p.note}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    {allocationText(p, money, t("debtorPayments.settled")).map((line) => <Text key={line} fz="sm">{line}</Text>)}
                    {p.creditCents > 0 ? <Text fz="xs" c="dimmed">{t("debtorPayments.credit", { amount: money(p.creditCents) })}</Text> : null}
                    {p.debtorId ? (
                      <Anchor component={Link} to={`/devedores/${p.debtorId}`} fz="sm">
                        {t("payments.openDebtor")}
                      </Anchor>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={PAYMENT_STATUS_COLOR[p.status] ?? "gray"}>
                      {paymentStatusLabel(t, p.status)}
                    </Badge>
                    {p.status === "unmatched" && p.unmatchedReason ? <Text fz="xs" c="dimmed">{unmatchedReasonLabel(t, p.unmatchedReason)}</Text> : null}
                    {p.resolutionNote ? <Text fz="xs" c="dimmed">{p.resolutionNote}</Text> : null}
                  </Table.Td>
                  <Table.Td fz="sm">{actorLabel(t, p.resolvedBy ?? p.actor)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      {list.data ? (
        <Group justify="space-between" className={classes.footer}>
          <Text fz="sm" c="dimmed">{t("payments.shown", { count: count(items.length) })}</Text>
          {list.hasNextPage ? (
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t("payments.loadMore")}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </>
  );
}

type Tab = "fila" | "todos";

export function PaymentsPage() {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  const canImport = useCan("import");
  const { pathname, search } = useLocation();
  const [matching, setMatching] = useState<Payment | null>(null);
  const [rejecting, setRejecting] = useState<Payment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(t("payments.title"));
  const tab: Tab = search.get("aba") === "todos" ? "todos" : "fila";
  const filters = filtersFrom(search);

  function go(nextTab: Tab, next: PaymentFilters) {
    const params = new URLSearchParams();
    if (nextTab === "todos") {
      params.set("aba", "todos");
      if (next.status) params.set("situacao", next.status);
      if (next.source) params.set("origem", next.source);
      if (next.from) params.set("de", next.from);
      if (next.to) params.set("ate", next.to);
    }
    const query = params.toString();
    navigate(query ? `${pathname}?${query}` : pathname, { replace: true });
  }

  return (
    <>
      <PageHeader title={t("payments.title")} description={t("payments.subtitle", { creditor: creditorName(creditor) })} />
      <Stack gap="lg">
        {notice ? (
          <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t("common.close")}>
            {notice}
          </Alert>
        ) : null}
        {canImport ? <CnabUpload creditorId={creditor.id} /> : null}
        <Paper withBorder radius="lg" className={classes.panel}>
          <Tabs value={tab} onChange={(value) => go(value === "todos" ? "todos" : "fila", filters)} keepMounted={false}>
            <Tabs.List className={classes.tabs} aria-label={t("payments.tabs")}>
              <Tabs.Tab value="fila">{t("payments.queueTitle")}</Tabs.Tab>
              <Tabs.Tab value="todos">{t("payments.listTitle")}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="fila">
              <Text fz="sm" c="dimmed" px="lg" pt="md">
                {t("payments.queueHint")}
              </Text>
              <QueueTable creditorId={creditor.id} onMatch={setMatching} onReject={setRejecting} />
            </Tabs.Panel>
            <Tabs.Panel value="todos">
              <PaymentsList creditorId={creditor.id} filters={filters} onChange={(next) => go("todos", next)} />
            </Tabs.Panel>
          </Tabs>
        </Paper>
      </Stack>
      <MatchModal creditorId={creditor.id} payment={matching} onClose={() => setMatching(null)} onDone={setNotice} />
      <RejectModal creditorId={creditor.id} payment={rejecting} onClose={() => setRejecting(null)} onDone={setNotice} />
    </>
  );
}
