import { ActionIcon, Badge, Button, Checkbox, Collapse, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconAdjustments, IconTrash } from "@tabler/icons-react";
import { forwardRef, useState } from "react";
import { useT } from "../i18n/i18n-context.tsx";
import { CHANNELS, MESSAGE_CHANNELS, STAGES, dayLabel, parseOffset, type StepForm } from "./ladder-form.ts";
import type { TemplateSummary } from "../templates/templates-api.ts";
import { ListInput } from "./list-input.tsx";
import { CHANNEL_ICON, STAGE_COLOR, channelName, stageName } from "./vocabulary.tsx";
import classes from "./ladders.module.css";

type Props = {
  step: StepForm;
  position: number;
  /** Server issues of this step by field ("" = the step as a whole). */
  issues: Record<string, string[]>;
  warnings: string[];
  templates: readonly TemplateSummary[];
  onChange: (patch: Partial<StepForm>) => void;
  onOffset: (text: string) => void;
  onOffsetDone: () => void;
  onRemove: () => void;
  canRemove: boolean;
};

const first = (list: string[] | undefined) => list?.join(" ") ?? null;

/** One step of the ladder, every field with the server's error beside it. */
export const StepCard = forwardRef<HTMLInputElement, Props>(function StepCard({ step, position, issues, warnings, templates, onChange, onOffset, onOffsetDone, onRemove, canRemove }, dayRef) {
  const t = useT();
  const hasConditions = Boolean(step.minOpen || step.maxOpen || step.segments.length || step.tags.length || step.riskBands.length);
  const conditionIssues = Boolean(issues.minOpen || issues.maxOpen || issues.segments || issues.tags || issues.riskBands || issues.conditions);
  const [showConditions, setShowConditions] = useState(hasConditions);
  const day = parseOffset(step.offsetDays);
  const Icon = CHANNEL_ICON[step.channel];
  const legendId = `step-${step.key}-legend`;
  const errorId = `step-${step.key}-error`;
  const ownTemplates = templates.filter((tpl) => tpl.channel === step.channel);
  const isMessage = MESSAGE_CHANNELS.includes(step.channel);
  const stepErrors = issues[""] ?? [];
  const conditionsOpen = showConditions || conditionIssues;
  return (
    <fieldset className={classes.step} data-invalid={Object.keys(issues).length > 0 || undefined} aria-describedby={stepErrors.length ? errorId : undefined}>
      <legend id={legendId} className={classes.stepLegend}>
        <span className={classes.stepDay}>{day === null ? "D?" : dayLabel(day)}</span>
        <Icon size={18} stroke={1.8} aria-hidden />
        <span>{t("ladders.step.legend", { n: position, id: step.id || "—", channel: channelName(t, step.channel) })}</span>
        <Badge color={STAGE_COLOR[step.stage]} variant="light" size="sm">{stageName(t, step.stage)}</Badge>
      </legend>
      <ActionIcon
        variant="subtle"
        color="red"
        className={classes.stepRemove}
        onClick={onRemove}
        disabled={!canRemove}
        aria-label={t("ladders.step.remove", { id: step.id || String(position) })}
        title={t("ladders.step.remove", { id: step.id || String(position) })}
      >
        <IconTrash size={18} aria-hidden />
      </ActionIcon>
      <Stack gap="sm">
        {stepErrors.length > 0 ? (
          <Text id={errorId} fz="sm" c="var(--mantine-color-error)" fw={600}>{stepErrors.join(" ")}</Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm" verticalSpacing="sm">
          <TextInput
            ref={dayRef}
            label={t("ladders.step.day")}
            description={t("ladders.step.dayHint")}
            inputMode="numeric"
            value={step.offsetDays}
            onChange={(event) => onOffset(event.currentTarget.value)}
            onBlur={onOffsetDone}
            error={first(issues.offsetDays)}
          />
          <NativeSelect label={t("ladders.step.stage")} value={step.stage} onChange={(event) => onChange({ stage: event.currentTarget.value as StepForm["stage"] })} data={STAGES.map((s) => ({ value: s, label: stageName(t, s) }))} error={first(issues.stage)} />
          <NativeSelect label={t("ladders.step.channel")} value={step.channel} onChange={(event) => onChange({ channel: event.currentTarget.value as StepForm["channel"], template: "" })} data={CHANNELS.map((c) => ({ value: c, label: channelName(t, c) }))} error={first(issues.channel)} />
          {isMessage ? (
            <NativeSelect
              label={t("ladders.step.template")}
              value={step.template}
              onChange={(event) => onChange({ template: event.currentTarget.value })}
              data={[
                { value: "", label: t("ladders.step.templateDefault") },
                ...(step.template && !ownTemplates.some((tpl) => tpl.key === step.template) ? [{ value: step.template, label: step.template }] : []),
                ...ownTemplates.map((tpl) => ({ value: tpl.key, label: tpl.key })),
              ]}
              error={first(issues.template)}
            />
          ) : (
            <TextInput label={t("ladders.step.template")} value={t("ladders.step.noTemplate")} readOnly disabled />
          )}
        </SimpleGrid>
        <Group gap="lg" wrap="wrap" align="flex-end">
          <TextInput
            label={t("ladders.step.id")}
            value={step.id}
            onChange={(event) => onChange({ id: event.currentTarget.value, idAuto: false })}
            error={first(issues.id)}
            w={200}
          />
          <Checkbox
            label={t("ladders.step.priorNotice")}
            description={t("ladders.step.priorNoticeHint")}
            checked={step.priorNotice}
            onChange={(event) => onChange({ priorNotice: event.currentTarget.checked })}
            error={first(issues.priorNotice)}
            maw={420}
          />
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconAdjustments size={16} aria-hidden />}
            aria-expanded={conditionsOpen}
            aria-controls={`step-${step.key}-conditions`}
            onClick={() => setShowConditions(!showConditions)}
          >
            {hasConditions ? t("ladders.step.conditionsSet") : t("ladders.step.conditions")}
          </Button>
        </Group>
        <Collapse expanded={conditionsOpen} id={`step-${step.key}-conditions`}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" className={classes.conditions}>
            <TextInput label={t("ladders.step.minOpen")} leftSection="R$" value={step.minOpen} onChange={(event) => onChange({ minOpen: event.currentTarget.value })} error={first(issues.minOpen)} inputMode="decimal" />
            <TextInput label={t("ladders.step.maxOpen")} leftSection="R$" value={step.maxOpen} onChange={(event) => onChange({ maxOpen: event.currentTarget.value })} error={first(issues.maxOpen)} inputMode="decimal" />
            <ListInput label={t("ladders.step.segments")} description={t("ladders.listHint")} value={step.segments} onChange={(segments) => onChange({ segments })} error={first(issues.segments)} />
            <ListInput label={t("ladders.step.tags")} description={t("ladders.listHint")} value={step.tags} onChange={(tags) => onChange({ tags })} error={first(issues.tags)} />
            <ListInput label={t("ladders.step.riskBands")} description={t("ladders.listHint")} value={step.riskBands} onChange={(riskBands) => onChange({ riskBands })} error={first(issues.riskBands)} />
          </SimpleGrid>
          {issues.conditions ? <Text fz="sm" c="var(--mantine-color-error)">{issues.conditions.join(" ")}</Text> : null}
        </Collapse>
        {warnings.length > 0 ? (
          <Text fz="sm" className={classes.warning}>
            {t("ladders.warning")}: {warnings.join(" ")}
          </Text>
        ) : null}
      </Stack>
    </fieldset>
  );
});
