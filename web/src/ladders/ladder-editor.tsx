import { Alert, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconDeviceFloppy, IconHistory, IconPlus } from "@tabler/icons-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { ApiError } from "../api/api-error.ts";
import type { Creditor } from "../api/types.ts";
import { todayIn } from "../debtors/aging.ts";
import { actorLabel } from "../debtors/labels.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import {
  documentOf, formOf, ladderIssues, newStep, parseOffset, placeIssues, sortByOffset, stepIssues, withOffset, type Issue, type LadderForm, type StepForm,
} from "./ladder-form.ts";
import { LadderTimeline } from "./ladder-timeline.tsx";
import { useTemplateList } from "../templates/templates-api.ts";
import { fetchLadderVersion, useApplyLadder, useSimulateLadder, validateLadder, type LadderView, type Simulation } from "./ladders-api.ts";
import { ListInput } from "./list-input.tsx";
import { SimulationPanel } from "./simulation-panel.tsx";
import { StepCard } from "./step-card.tsx";
import classes from "./ladders.module.css";

type Check = { state: "idle" | "checking" } | { state: "done"; json: string; errors: Issue[]; warnings: Issue[] };

/** Asks the server to validate the document as it is typed (debounced; stale answers dropped). */
function useLiveValidation(creditorId: string, json: string): Check {
  const [check, setCheck] = useState<Check>({ state: "idle" });
  useEffect(() => {
    const controller = new AbortController();
    setCheck((previous) => (previous.state === "done" && previous.json === json ? previous : { state: "checking" }));
    const timer = window.setTimeout(() => {
      validateLadder(creditorId, JSON.parse(json) as unknown, controller.signal)
        .then((answer) => setCheck({ state: "done", json, errors: answer.ok ? [] : answer.errors, warnings: answer.ok ? answer.warnings : [] }))
        .catch(() => {
          if (!controller.signal.aborted) setCheck({ state: "idle" });
        });
    }, 350);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [creditorId, json]);
  return check;
}

function Section({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-labelledby={id} className={classes.section}>
      <Group justify="space-between" mb="sm" gap="sm">
        <Title order={3} fz={16} id={id}>{title}</Title>
        {actions}
      </Group>
      {children}
    </section>
  );
}

type Props = {
  creditor: Creditor;
  /** The stored ladder being edited; null for a new one. */
  stored: LadderView | null;
  initial: LadderForm;
  /** After a save, with the sentence to show (the editor restarts on the stored version). */
  onSaved: (id: string, message: string) => void;
};

/** The editor of one ladder: its data, the timeline, the steps, assignment, simulation and versions. */
export function LadderEditor({ creditor, stored, initial, onSaved }: Props) {
  const { t, instant, count } = useI18n();
  const [form, setForm] = useState<LadderForm>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveIssues, setSaveIssues] = useState<{ json: string; issues: Issue[] } | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  // A new ladder's empty name and id are not errors until touched or a save is tried.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(stored ? ["name", "id", "priorNoticeDays"] : []));
  const [attempted, setAttempted] = useState(false);
  const touch = (field: string) => () => setTouched((previous) => (previous.has(field) ? previous : new Set([...previous, field])));
  const [simulated, setSimulated] = useState<{ simulation: Simulation; day: string } | null>(null);
  const dayInputs = useRef(new Map<string, HTMLInputElement>());
  const templates = useTemplateList(creditor.id);
  const apply = useApplyLadder(creditor.id);
  const simulate = useSimulateLadder(creditor.id);
  const today = todayIn(creditor.timeZone);

  const document = useMemo(() => documentOf(form), [form]);
  const json = useMemo(() => JSON.stringify(document), [document]);
  const check = useLiveValidation(creditor.id, json);
  const current = check.state === "done" && check.json === json ? check : null;
  const errors = saveIssues && saveIssues.json === json ? saveIssues.issues : (current?.errors ?? []);
  const warnings = current?.warnings ?? [];
  const isShown = (issue: Issue) => attempted || !["name", "id"].includes(issue.field) || touched.has(issue.field);
  const placedErrors = placeIssues(errors.filter(isShown), form.steps);
  const placedWarnings = placeIssues(warnings, form.steps);
  const topErrors = ladderIssues(placedErrors);
  const invalidSteps = new Set(placedErrors.flatMap((p) => (p.scope === "step" ? [p.stepKey] : [])));
  const dirty = json !== JSON.stringify(documentOf(initial)) || form.makeDefault;

  useEffect(() => {
    if (!focusKey) return;
    const input = dayInputs.current.get(focusKey);
    if (input) {
      input.focus();
      input.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    setFocusKey(null);
  }, [focusKey]);

  const update = (patch: Partial<LadderForm>) => {
    setNotice(null);
    setForm((previous) => ({ ...previous, ...patch }));
  };
  const updateStep = (key: string, change: (step: StepForm) => StepForm) => {
    setNotice(null);
    setForm((previous) => ({ ...previous, steps: previous.steps.map((s) => (s.key === key ? change(s) : s)) }));
  };
  const sortSteps = () => setForm((previous) => ({ ...previous, steps: sortByOffset(previous.steps) }));

  function addStep() {
    const step = newStep(form.steps);
    update({ steps: [...form.steps, step] });
    setFocusKey(step.key);
  }

  function save() {
    setNotice(null);
    setAttempted(true);
    apply.mutate({ document, makeDefault: form.makeDefault }, {
      onSuccess: (result) => {
        setSaveIssues(null);
        const message = !result.changed && !result.created
          ? t("ladders.saved.unchanged", { version: result.version })
          : result.created ? t("ladders.saved.created", { name: result.document.name }) : t("ladders.saved.version", { version: result.version });
        onSaved(result.id, message);
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 400 && error.fieldErrors.length > 0) setSaveIssues({ json, issues: error.fieldErrors });
      },
    });
  }

  function runSimulation(day: string) {
    simulate.mutate(
      { document, at: day === today ? undefined : `${day}T12:00:00Z`, makeDefault: form.makeDefault },
      { onSuccess: (simulation) => setSimulated({ simulation, day }) },
    );
  }

  async function loadVersion(version: number) {
    if (!stored) return;
    const answer = await fetchLadderVersion(creditor.id, stored.id, version);
    const view = answer.items[0];
    if (!view) return;
    setForm({ ...formOf(view.document), makeDefault: false });
    setSimulated(null);
    setNotice(version === stored.currentVersion ? t("ladders.versions.loadedCurrent") : t("ladders.versions.loaded", { version }));
  }

  const steps = form.steps;
  const errorCount = errors.filter(isShown).length;
  const status = check.state === "checking" || (check.state === "done" && check.json !== json)
    ? t("ladders.check.checking")
    : errorCount > 0
      ? t("ladders.check.errors", { count: count(errorCount) })
      : current
        ? t("ladders.check.ok")
        : "";

  return (
    <Stack gap="lg">
      {notice ? (
        <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t("common.close")}>
          {notice}
        </Alert>
      ) : null}
      {apply.isError && !(apply.error instanceof ApiError && apply.error.status === 400 && apply.error.fieldErrors.length > 0) ? <ErrorAlert error={apply.error} /> : null}
      {saveIssues && saveIssues.json === json ? (
        <Alert color="red" variant="light" role="alert" title={t("ladders.saveRefused")}>{t("ladders.saveRefusedText", { count: count(saveIssues.issues.length) })}</Alert>
      ) : null}

      <Section title={t("ladders.section.data")} id="ladder-data">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <TextInput label={t("ladders.field.name")} value={form.name} onChange={(event) => update({ name: event.currentTarget.value })} onBlur={touch("name")} error={topErrors.name?.join(" ")} />
          <TextInput
            label={t("ladders.field.id")}
            description={stored ? t("ladders.field.idFixed") : t("ladders.field.idHint")}
            value={form.id}
            readOnly={stored !== null}
            onChange={(event) => update({ id: event.currentTarget.value })}
            onBlur={touch("id")}
            error={topErrors.id?.join(" ")}
          />
          <TextInput
            label={t("ladders.field.priorNoticeDays")}
            description={t("ladders.field.priorNoticeDaysHint")}
            inputMode="numeric"
            value={form.priorNoticeDays}
            onChange={(event) => update({ priorNoticeDays: event.currentTarget.value })}
            error={topErrors.priorNoticeDays?.join(" ")}
          />
        </SimpleGrid>
        <Checkbox
          mt="sm"
          label={t("ladders.field.default")}
          description={stored?.isDefault ? t("ladders.field.isDefault") : t("ladders.field.defaultHint")}
          checked={stored?.isDefault === true || form.makeDefault}
          disabled={stored?.isDefault === true}
          onChange={(event) => update({ makeDefault: event.currentTarget.checked })}
        />
        {topErrors["(documento)"] ? <Text c="var(--mantine-color-error)" fz="sm" mt="xs">{topErrors["(documento)"].join(" ")}</Text> : null}
      </Section>

      <Section title={t("ladders.section.timeline")} id="ladder-timeline">
        <LadderTimeline
          steps={steps}
          invalid={invalidSteps}
          onShift={(key, days) => {
            updateStep(key, (s) => {
              const day = parseOffset(s.offsetDays) ?? 0;
              return withOffset(s, String(day + days));
            });
            sortSteps();
          }}
          onOpen={(key) => setFocusKey(key)}
        />
      </Section>

      <Section
        title={t("ladders.section.steps", { count: steps.length })}
        id="ladder-steps"
        actions={<Button variant="light" size="xs" leftSection={<IconPlus size={16} aria-hidden />} onClick={addStep}>{t("ladders.step.add")}</Button>}
      >
        {topErrors.steps ? <Text c="var(--mantine-color-error)" fz="sm" mb="sm">{topErrors.steps.join(" ")}</Text> : null}
        <Stack gap="sm">
          {steps.map((step, index) => (
            <StepCard
              key={step.key}
              ref={(input) => {
                if (input) dayInputs.current.set(step.key, input);
                else dayInputs.current.delete(step.key);
              }}
              step={step}
              position={index + 1}
              issues={stepIssues(placedErrors, step.key)}
              warnings={Object.values(stepIssues(placedWarnings, step.key)).flat()}
              templates={templates.data?.items ?? []}
              onChange={(patch) => updateStep(step.key, (s) => ({ ...s, ...patch }))}
              onOffset={(text) => updateStep(step.key, (s) => withOffset(s, text))}
              onOffsetDone={sortSteps}
              onRemove={() => update({ steps: steps.filter((s) => s.key !== step.key) })}
              canRemove={steps.length > 1}
            />
          ))}
        </Stack>
        <Button variant="default" mt="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={addStep}>{t("ladders.step.add")}</Button>
      </Section>

      <Section title={t("ladders.section.assign")} id="ladder-assign">
        <Text fz="sm" c="dimmed" mb="sm">{t("ladders.assign.hint")}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <ListInput label={t("ladders.assign.segments")} description={t("ladders.listHint")} value={form.assignSegments} onChange={(assignSegments) => update({ assignSegments })} error={(topErrors.assign ?? []).join(" ") || null} />
          <ListInput label={t("ladders.assign.tags")} description={t("ladders.listHint")} value={form.assignTags} onChange={(assignTags) => update({ assignTags })} />
          <ListInput label={t("ladders.assign.exempt")} description={t("ladders.assign.exemptHint")} value={form.exemptTags} onChange={(exemptTags) => update({ exemptTags })} error={topErrors.exemptTags?.join(" ") ?? null} />
        </SimpleGrid>
      </Section>

      <Section title={t("ladders.section.simulate")} id="ladder-simulate">
        <SimulationPanel today={today} disabled={errors.length > 0} pending={simulate.isPending} error={simulate.isError ? simulate.error : null} result={simulated} onRun={runSimulation} />
      </Section>

      {stored ? (
        <Section title={t("ladders.section.versions")} id="ladder-versions">
          <TableScroll minWidth={480} label={t("ladders.section.versions")}>
            <Table aria-labelledby="ladder-versions" verticalSpacing={6} className={classes.simTable}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("ladders.versions.version")}</Table.Th>
                  <Table.Th scope="col">{t("ladders.versions.at")}</Table.Th>
                  <Table.Th scope="col">{t("ladders.versions.by")}</Table.Th>
                  <Table.Th scope="col"><span className={classes.visuallyHidden}>{t("ladders.versions.actions")}</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...stored.versions].reverse().map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td>
                      v{v.version} {v.version === stored.currentVersion ? <Badge size="xs" variant="light">{t("ladders.versions.current")}</Badge> : null}
                    </Table.Td>
                    <Table.Td className="tabular" fz="sm">{instant(v.createdAt)}</Table.Td>
                    <Table.Td fz="sm">{actorLabel(t, v.actor)}</Table.Td>
                    <Table.Td ta="right">
                      <Button size="compact-sm" variant="subtle" leftSection={<IconHistory size={14} aria-hidden />} onClick={() => void loadVersion(v.version)} aria-label={t("ladders.versions.loadLabel", { version: v.version })}>
                        {t("ladders.versions.load")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </Section>
      ) : null}

      <Paper withBorder radius="lg" className={classes.saveBar}>
        <Text fz="sm" role="status" c={errorCount > 0 ? "var(--mantine-color-error)" : "dimmed"} fw={errorCount > 0 ? 600 : 400}>{status}</Text>
        <Group gap="sm">
          {dirty ? <Text fz="sm" c="dimmed">{t("ladders.unsaved")}</Text> : null}
          <Button leftSection={<IconDeviceFloppy size={18} aria-hidden />} onClick={save} loading={apply.isPending}>
            {stored ? t("ladders.saveVersion") : t("ladders.saveNew")}
          </Button>
        </Group>
      </Paper>
    </Stack>
  );
}
