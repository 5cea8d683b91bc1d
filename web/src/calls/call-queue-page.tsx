import { Alert, Anchor, Badge, Button, EmptyState, Grid, Group, Kbd, Paper, Skeleton, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconPhoneCall } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import type { Debt } from "../api/types.ts";
import { useCan, useCurrentUser } from "../auth/user-context.tsx";
import { BoletoModal } from "../debtors/boleto-modal.tsx";
import { useNegotiationOptions } from "../debtors/debtor-actions-api.ts";
import { formatDocument } from "../debtors/format-document.ts";
import { formatPhone } from "../debtors/format-phone.ts";
import { actorLabel, enumLabel } from "../debtors/labels.ts";
import { PixModal } from "../debtors/pix-modal.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { Link } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { addDays, CALL_OUTCOMES, centsToInput, isTypingTarget, needsIdentity, outcomeKey, outcomeOfKey, parseReais, zonedLocalToIso, type CallOutcome } from "./call-keys.ts";
import { useNextCall, useRecordCall, type CallCandidate, type RecordCallResult } from "./calls-api.ts";
import classes from "./calls.module.css";

/** The call's debts in the shape the boleto and PIX dialogs of the debtor page take. */
function asDebts(item: CallCandidate): Debt[] {
  return item.debts.map((d) => ({
    id: d.id, externalId: d.externalId, description: d.description, originalCents: d.openCents, openCents: d.openCents, issueDate: null, dueDate: d.dueDate,
    contract: null, instalment: null, ourNumber: null, status: "open",
  }));
}

function Step({ number, title, children, locked }: { number: number; title: string; children: ReactNode; locked?: boolean }) {
  return (
    <li className={classes.step} data-locked={locked || undefined}>
      <span className={classes.stepNumber} aria-hidden="true">
        {number}
      </span>
      <div className={classes.stepBody}>
        <Title order={3} fz={15} mb={6}>
          {title}
        </Title>
        {children}
      </div>
    </li>
  );
}

function Say({ children }: { children: ReactNode }) {
  return <blockquote className={classes.say}>{children}</blockquote>;
}

function DebtTable({ item }: { item: CallCandidate }) {
  const { t, money, date, count } = useI18n();
  return (
    <TableScroll minWidth={440} label={t("calls.debt.tableLabel")}>
      <Table verticalSpacing={6} horizontalSpacing="sm" className={classes.table} aria-label={t("calls.debt.tableLabel")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("calls.debt.col.debt")}</Table.Th>
            <Table.Th scope="col">{t("calls.debt.col.due")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("calls.debt.col.principal")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("calls.debt.col.charges")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("calls.debt.col.total")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {item.debts.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td fw={600} className="tabular">
                {d.externalId}
                {d.description ? <Text fz="xs" c="dimmed" fw={400}>{d.description}</Text> : null}
              </Table.Td>
              <Table.Td className="tabular">
                {date(d.dueDate)}
                <Text fz="xs" c="dimmed">{t("calls.debt.days", { days: count(d.daysLate) })}</Text>
              </Table.Td>
              <Table.Td ta="right" className="tabular">{money(d.principalCents)}</Table.Td>
              <Table.Td ta="right" className="tabular">{money(d.fineCents + d.interestCents + d.correctionCents)}</Table.Td>
              <Table.Td ta="right" className="tabular" fw={700}>{money(d.totalCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
}

function Proposal({ creditorId, item }: { creditorId: string; item: CallCandidate }) {
  const { t, money, date, count } = useI18n();
  const options = useNegotiationOptions(creditorId, item.debtor.id, null, true);
  if (options.isError) return <ErrorAlert error={options.error} onRetry={() => void options.refetch()} />;
  if (!options.data) return <Skeleton height={60} />;
  const list = options.data.options;
  if (list.length === 0) return <Text fz="sm" c="dimmed">{options.data.note ?? t("calls.proposal.none")}</Text>;
  return (
    <ul className={classes.options} aria-label={t("calls.proposal.optionsLabel")}>
      {list.map((o) => (
        <li key={o.instalments} className={classes.option}>
          <Text fw={700} fz="sm">
            {o.instalments === 1
              ? t("calls.proposal.single", { amount: money(o.totalCents) })
              : t("calls.proposal.instalments", { down: money(o.downPaymentCents), count: count(o.instalments - 1), amount: money(o.instalmentCents) })}
          </Text>
          <Text fz="xs" c="dimmed">
            {o.discountCents > 0 ? t("calls.proposal.discount", { amount: money(o.discountCents) }) : t("calls.proposal.total", { amount: money(o.totalCents) })}
            {" · "}
            {t("calls.proposal.firstDue", { date: date(o.firstDueDate) })}
          </Text>
        </li>
      ))}
    </ul>
  );
}

function OutcomeResult({ result, onNext }: { result: RecordCallResult; onNext: () => void }) {
  const { t, money, date, instant } = useI18n();
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => nextRef.current?.focus(), []);
  const outcome = result.attempt.outcome;
  return (
    <Stack gap="sm">
      <Alert color="teal" variant="light" role="status" title={t("calls.recorded", { outcome: enumLabel(t, "calls.outcome", outcome) })}>
        {result.promise ? <Text fz="sm">{t("calls.recorded.promise", { amount: money(result.promise.amountCents), date: date(result.promise.promisedDate) })}</Text> : null}
        {result.invalidatedContact ? <Text fz="sm">{t("calls.recorded.invalidated", { phone: formatPhone(result.invalidatedContact.value) })}</Text> : null}
        {result.attempt.callbackAt ? <Text fz="sm">{t("calls.recorded.callback", { at: instant(result.attempt.callbackAt) })}</Text> : null}
        {result.actions.length ? <Text fz="sm">{t("calls.recorded.action")}</Text> : null}
      </Alert>
      <Button ref={nextRef} onClick={onNext} rightSection={<Kbd size="xs">N</Kbd>} size="md">
        {t("calls.next")}
      </Button>
    </Stack>
  );
}

function Workspace({ item, onNext }: { item: CallCandidate; onNext: () => void }) {
  const { t, money, count, instant, date } = useI18n();
  const { creditor } = useCreditor();
  const user = useCurrentUser();
  const canBoleto = useCan("boleto.issue");
  const canPix = useCan("pix.issue");
  const record = useRecordCall(creditor.id);
  const [identity, setIdentity] = useState(false);
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);
  const [note, setNote] = useState("");
  const [amount, setAmount] = useState(centsToInput(item.totals.totalCents));
  const [promiseDate, setPromiseDate] = useState(addDays(item.today, 3));
  const [callbackLocal, setCallbackLocal] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [modal, setModal] = useState<"boleto" | "pix" | null>(null);
  const debtRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLHeadingElement>(null);
  // Keyboard first: a new debtor takes the focus, so the shortcuts work at once.
  useEffect(() => nameRef.current?.focus({ preventScroll: true }), []);
  const result = record.data;

  function choose(next: CallOutcome) {
    if (result) return;
    if (needsIdentity(next) && !identity) {
      setFormError(t("calls.needsIdentity"));
      return;
    }
    setFormError(null);
    setOutcome(next);
  }

  function confirmIdentity() {
    setIdentity(true);
    setFormError(null);
    requestAnimationFrame(() => debtRef.current?.focus());
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!outcome || record.isPending || result) return;
    const input: Parameters<typeof record.mutate>[0] = { debtorId: item.debtor.id, contactId: item.phone.contactId, outcome, ...(note.trim() ? { note: note.trim() } : {}) };
    if (outcome === "promise") {
      const cents = parseReais(amount);
      if (cents === null || cents <= 0) return setFormError(t("calls.promise.badAmount"));
      if (!/^\d{4}-\d{2}-\d{2}$/.test(promiseDate)) return setFormError(t("calls.promise.badDate"));
      input.promise = { amountCents: cents, date: promiseDate };
    }
    if (outcome === "callback") {
      const at = zonedLocalToIso(callbackLocal, item.debtor.timeZone);
      if (!at) return setFormError(t("calls.callback.badAt"));
      input.callbackAt = at;
    }
    setFormError(null);
    record.mutate(input);
  }

  // Keyboard first: 1–7 choose the outcome, I confirms the identity, Enter records, N asks for the next debtor.
  const latest = useRef({ choose, confirmIdentity, submit, onNext, result, outcome, modal });
  latest.current = { choose, confirmIdentity, submit, onNext, result, outcome, modal };
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const s = latest.current;
      if (s.modal || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (document.querySelector("[role='dialog']")) return;
      const key = event.key;
      const selected = outcomeOfKey(key);
      if (selected) {
        event.preventDefault();
        s.choose(selected);
      } else if (key === "i" || key === "I") {
        if (!s.result) {
          event.preventDefault();
          s.confirmIdentity();
        }
      } else if (key === "n" || key === "N") {
        if (s.result) {
          event.preventDefault();
          s.onNext();
        }
      } else if (key === "Enter") {
        const target = event.target as HTMLElement | null;
        if (target && (target.tagName === "BUTTON" || target.tagName === "A")) return;
        if (s.outcome && !s.result) {
          event.preventDefault();
          s.submit();
        }
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const phone = formatPhone(item.phone.value);
  const tierBadge =
    item.tier === "callback" ? t("calls.tier.callback") : item.tier === "ladder" ? t("calls.tier.ladder", { stage: enumLabel(t, "stage", item.action?.stage ?? "") }) : t("calls.tier.ranked");
  const capText = item.attempts.weekCap === null ? t("calls.attempts.noCap", { count: count(item.attempts.thisWeek) }) : t("calls.attempts.week", { count: count(item.attempts.thisWeek), cap: count(item.attempts.weekCap) });

  return (
    <Grid gap="lg" align="flex-start">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="lg">
          <Paper withBorder radius="lg" p="lg" className={classes.panel} component="section" aria-labelledby="call-debtor">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <div>
                <Text fz="xs" fw={700} c="dimmed" tt="uppercase">{t("calls.calling")}</Text>
                <Title order={2} fz={22} id="call-debtor" ref={nameRef} tabIndex={-1} className={classes.focusTarget}>{item.debtor.name}</Title>
                <Text fz="sm" c="dimmed">
                  {[item.debtor.city, item.debtor.state].filter(Boolean).join(" — ") || "—"} · {t("calls.localTime", { time: item.localTime })}
                </Text>
              </div>
              <Badge variant="light" color={item.tier === "callback" ? "grape" : item.tier === "ladder" ? "indigo" : "teal"} size="lg">
                {tierBadge}
              </Badge>
            </Group>
            <Group mt="md" gap="md" wrap="wrap" align="center">
              <Anchor href={`tel:${item.phone.value}`} className={classes.phone} aria-label={t("calls.dial", { phone })}>
                <IconPhoneCall size={22} aria-hidden="true" />
                <span className="tabular">{phone}</span>
              </Anchor>
              <Text fz="sm" c="dimmed">{capText}</Text>
              <Text fz="sm" c="dimmed">{t("calls.claimedUntil", { at: instant(item.claimedUntil) })}</Text>
            </Group>
            {item.callback ? (
              <Alert color="grape" variant="light" mt="md" title={t("calls.callbackAsked", { at: instant(item.callback.at), by: actorLabel(t, item.callback.by) })}>
                {item.callback.note}
              </Alert>
            ) : null}
            {item.otherPhones.length ? (
              <Text fz="xs" c="dimmed" mt="sm">
                {t("calls.otherPhones", { list: item.otherPhones.map((p) => formatPhone(p.value)).join(", ") })}
              </Text>
            ) : null}
          </Paper>

          <Paper withBorder radius="lg" p="lg" className={classes.panel} component="section" aria-labelledby="call-script">
            <Title order={2} fz={17} id="call-script" mb="md">{t("calls.script.title")}</Title>
            <ol className={classes.steps}>
              <Step number={1} title={t("calls.script.intro")}>
                <Say>{t("calls.script.introText", { collector: user.name, creditor: creditorName(creditor), cnpj: formatDocument(creditor.cnpj), debtor: item.debtor.name })}</Say>
              </Step>
              <Step number={2} title={t("calls.script.identity")}>
                <Text fz="sm">{t("calls.script.identityText", { kind: item.debtor.kind === "company" ? "CNPJ" : "CPF" })}</Text>
                <Text fz="sm" mt={4}>
                  {t("calls.script.identityDocument")} <strong className="tabular">{formatDocument(item.debtor.document)}</strong>
                </Text>
                {identity ? (
                  <Badge color="teal" variant="light" mt="sm" size="lg" role="status">{t("calls.identityConfirmed")}</Badge>
                ) : (
                  <Group mt="sm" gap="sm">
                    <Button onClick={confirmIdentity} disabled={Boolean(result)} rightSection={<Kbd size="xs">I</Kbd>}>
                      {t("calls.confirmIdentity")}
                    </Button>
                    <Button variant="default" onClick={() => choose("third_party")} disabled={Boolean(result)} rightSection={<Kbd size="xs">2</Kbd>}>
                      {t("calls.notTheDebtor")}
                    </Button>
                  </Group>
                )}
                {!identity ? <Text fz="xs" c="dimmed" mt="xs">{t("calls.script.noDisclosure")}</Text> : null}
              </Step>
              <Step number={3} title={t("calls.script.debt")} locked={!identity}>
                {identity ? (
                  <>
                    <Title order={4} fz={14} fw={600} ref={debtRef} tabIndex={-1} className={classes.focusTarget}>
                      {t("calls.script.debtSummary", { count: count(item.debts.length), days: count(item.totals.maxDaysLate), amount: money(item.totals.totalCents) })}
                    </Title>
                    <Say>{t("calls.script.debtText", { days: count(item.totals.maxDaysLate), amount: money(item.totals.totalCents), creditor: creditorName(creditor) })}</Say>
                    <DebtTable item={item} />
                    {item.openPromise ? <Text fz="sm" mt="xs">{t("calls.openPromise", { amount: money(item.openPromise.amountCents), date: date(item.openPromise.promisedDate) })}</Text> : null}
                  </>
                ) : (
                  <Text fz="sm" c="dimmed">{t("calls.script.debtLocked")}</Text>
                )}
              </Step>
              <Step number={4} title={t("calls.script.proposal")} locked={!identity}>
                {identity ? (
                  <>
                    <Say>{t("calls.script.proposalText")}</Say>
                    <Proposal creditorId={creditor.id} item={item} />
                    <Group mt="sm" gap="sm">
                      {canBoleto ? <Button variant="light" onClick={() => setModal("boleto")}>{t("calls.issueBoleto")}</Button> : null}
                      {canPix ? <Button variant="light" onClick={() => setModal("pix")}>{t("calls.issuePix")}</Button> : null}
                      <Anchor component={Link} to={`/devedores/${encodeURIComponent(item.debtor.id)}`} fz="sm" target="_blank" rel="noopener">
                        {t("calls.openDebtor")}
                      </Anchor>
                    </Group>
                  </>
                ) : (
                  <Text fz="sm" c="dimmed">{t("calls.script.proposalLocked")}</Text>
                )}
              </Step>
            </ol>
          </Paper>
        </Stack>
      </Grid.Col>

      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="lg" className={classes.sticky}>
          <Paper withBorder radius="lg" p="lg" className={classes.panel} component="section" aria-labelledby="call-outcome">
            <Title order={2} fz={17} id="call-outcome">{t("calls.outcome.title")}</Title>
            <Text fz="xs" c="dimmed" mb="md">{t("calls.shortcuts")}</Text>
            {result ? (
              <OutcomeResult result={result} onNext={onNext} />
            ) : (
              <form onSubmit={submit} aria-labelledby="call-outcome" noValidate>
                <div className={classes.outcomes} role="group" aria-label={t("calls.outcome.choose")}>
                  {CALL_OUTCOMES.map((o) => {
                    const locked = needsIdentity(o) && !identity;
                    return (
                      <Button
                        key={o}
                        type="button"
                        variant={outcome === o ? "filled" : "default"}
                        aria-pressed={outcome === o}
                        aria-keyshortcuts={outcomeKey(o)}
                        aria-disabled={locked || undefined}
                        className={classes.outcome}
                        data-locked={locked || undefined}
                        onClick={() => choose(o)}
                        leftSection={<Kbd size="xs">{outcomeKey(o)}</Kbd>}
                        justify="flex-start"
                        h="auto"
                        py={8}
                        styles={{ label: { whiteSpace: "normal", textAlign: "left", lineHeight: 1.25 } }}
                      >
                        {enumLabel(t, "calls.outcome", o)}
                      </Button>
                    );
                  })}
                </div>
                {outcome === "third_party" ? <Text fz="sm" mt="sm">{t("calls.thirdPartyHint")}</Text> : null}
                {outcome === "wrong_number" ? <Text fz="sm" mt="sm">{t("calls.wrongNumberHint", { phone })}</Text> : null}
                {outcome === "promise" ? (
                  <Group mt="md" grow align="flex-start">
                    <TextInput label={t("calls.promise.amount")} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} inputMode="decimal" leftSection={<span aria-hidden="true">R$</span>} required />
                    <TextInput type="date" label={t("calls.promise.date")} value={promiseDate} min={item.today} onChange={(e) => setPromiseDate(e.currentTarget.value)} required />
                  </Group>
                ) : null}
                {outcome === "callback" ? (
                  <TextInput
                    mt="md"
                    type="datetime-local"
                    label={t("calls.callback.at")}
                    description={t("calls.callback.zone", { zone: item.debtor.timeZone })}
                    value={callbackLocal}
                    onChange={(e) => setCallbackLocal(e.currentTarget.value)}
                    required
                  />
                ) : null}
                <Textarea mt="md" label={t("calls.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxRows={5} maxLength={1000} />
                {formError ? (
                  <Text c="red.9" fz="sm" mt="sm" role="alert">
                    {formError}
                  </Text>
                ) : null}
                {record.isError ? (
                  <div className={classes.error}>
                    <ErrorAlert error={record.error} />
                  </div>
                ) : null}
                <Button type="submit" mt="md" fullWidth size="md" disabled={!outcome} loading={record.isPending} rightSection={<Kbd size="xs">Enter</Kbd>}>
                  {outcome ? t("calls.recordOutcome", { outcome: enumLabel(t, "calls.outcome", outcome) }) : t("calls.chooseFirst")}
                </Button>
              </form>
            )}
          </Paper>

          <Paper withBorder radius="lg" p="lg" className={classes.panel} component="section" aria-labelledby="call-history">
            <Title order={2} fz={17} id="call-history" mb="sm">{t("calls.history.title")}</Title>
            {item.recentCalls.length === 0 ? (
              <Text fz="sm" c="dimmed">{t("calls.history.empty")}</Text>
            ) : (
              <ul className={classes.history}>
                {item.recentCalls.map((c) => (
                  <li key={c.id}>
                    <Text fz="sm" fw={600}>{enumLabel(t, "calls.outcome", c.outcome)}</Text>
                    <Text fz="xs" c="dimmed">
                      {instant(c.at)} · {actorLabel(t, c.actor)} · {formatPhone(c.phone)}
                    </Text>
                    {c.note ? <Text fz="xs">{c.note}</Text> : null}
                  </li>
                ))}
              </ul>
            )}
          </Paper>
        </Stack>
      </Grid.Col>
      {canBoleto ? <BoletoModal creditorId={creditor.id} debts={asDebts(item)} today={item.today} opened={modal === "boleto"} onClose={() => setModal(null)} /> : null}
      {canPix ? <PixModal creditorId={creditor.id} debts={asDebts(item)} today={item.today} opened={modal === "pix"} onClose={() => setModal(null)} /> : null}
    </Grid>
  );
}

function Empty({ skipped, onRetry, loading }: { skipped: Record<string, number>; onRetry: () => void; loading: boolean }) {
  const { t, count } = useI18n();
  const reasons = Object.entries(skipped).filter(([, n]) => n > 0);
  return (
    <Paper withBorder radius="lg" py={48} px="xl" className={classes.panel}>
      <EmptyState variant="light" color="gray" size="lg" icon={<IconPhoneCall size={28} />} title={<span role="heading" aria-level={2}>{t("calls.empty.title")}</span>} description={t("calls.empty.description")}>
        {reasons.length ? (
          <ul className={classes.reasons} aria-label={t("calls.empty.reasons")}>
            {reasons.map(([reason, n]) => (
              <li key={reason}>{t("calls.empty.reason", { count: count(n), reason: enumLabel(t, "calls.skip", reason) })}</li>
            ))}
          </ul>
        ) : null}
        <EmptyState.Actions>
          <Button variant="default" onClick={onRetry} loading={loading} rightSection={<Kbd size="xs">N</Kbd>}>
            {t("calls.empty.retry")}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}

/** "Fila de ligações": the collector's keyboard-first workspace, one debtor at a time. */
export function CallQueuePage() {
  const { t } = useI18n();
  const { creditor } = useCreditor();
  useDocumentTitle(t("calls.title"));
  const next = useNextCall(creditor.id);
  const item = next.data?.item ?? null;
  const [round, setRound] = useState(0);
  const goNext = () => {
    setRound((r) => r + 1);
    void next.refetch();
  };

  useEffect(() => {
    if (item || !next.data) return;
    function onKey(event: KeyboardEvent) {
      if ((event.key === "n" || event.key === "N") && !isTypingTarget(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        void next.refetch();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [item, next]);

  return (
    <>
      <PageHeader title={t("calls.title")} description={t("calls.subtitle", { creditor: creditorName(creditor) })} />
      {next.isError ? <ErrorAlert error={next.error} onRetry={() => void next.refetch()} /> : null}
      {next.isPending || next.isFetching ? (
        <Stack gap="lg" aria-busy="true" aria-label={t("common.loading")}>
          <Skeleton height={140} radius="lg" />
          <Skeleton height={320} radius="lg" />
        </Stack>
      ) : null}
      {next.data && !item && !next.isFetching ? <Empty skipped={next.data.skipped} onRetry={() => void next.refetch()} loading={next.isFetching} /> : null}
      {item && !next.isFetching ? <Workspace key={`${item.debtor.id}:${round}`} item={item} onNext={goNext} /> : null}
    </>
  );
}
