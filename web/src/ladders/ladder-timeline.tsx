import { Group, Text } from "@mantine/core";
import { useState } from "react";
import type { KeyboardEvent } from "react";
import { useT } from "../i18n/i18n-context.tsx";
import { STAGES, dayLabel, parseOffset, positionOf, timelineScale, type StepForm } from "./ladder-form.ts";
import { CHANNEL_ICON, STAGE_FILL, channelName, stageName } from "./vocabulary.tsx";
import classes from "./ladders.module.css";

type Props = {
  steps: readonly StepForm[];
  /** Row keys of steps with an error: their marker gets a red ring. */
  invalid: ReadonlySet<string>;
  onShift: (stepKey: string, days: number) => void;
  onOpen: (stepKey: string) => void;
};

/**
 * The ladder on an axis of days around the due date (D): one marker per step in its stage's
 * colour with its channel's icon. Markers are buttons: ←/→ move a step a day (Shift: a
 * week), Enter opens it in the list below.
 */
export function LadderTimeline({ steps, invalid, onShift, onOpen }: Props) {
  const t = useT();
  const [announcement, setAnnouncement] = useState("");
  const placed = steps
    .map((step) => ({ step, day: parseOffset(step.offsetDays) }))
    .filter((p): p is { step: StepForm; day: number } => p.day !== null);
  const scale = timelineScale(placed.map((p) => p.day));
  // Steps of the same day stack upwards.
  const rows = new Map<number, number>();
  const markers = placed
    .sort((a, b) => a.day - b.day)
    .map((p) => {
      const row = rows.get(p.day) ?? 0;
      rows.set(p.day, row + 1);
      return { ...p, row };
    });
  const height = Math.max(1, ...rows.values());

  function keyDown(event: KeyboardEvent<HTMLButtonElement>, step: StepForm, day: number) {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (delta !== 0) {
      event.preventDefault();
      const by = delta * (event.shiftKey ? 7 : 1);
      onShift(step.key, by);
      setAnnouncement(t("ladders.timeline.moved", { step: step.id, day: dayLabel(day + by) }));
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpen(step.key);
    }
  }

  return (
    <div>
      <div className={classes.timelineScroll} role="region" aria-label={t("ladders.timeline.label")} tabIndex={markers.length === 0 ? 0 : undefined}>
        <div className={classes.timeline} style={{ height: 70 + height * 40 }}>
          <div className={classes.axis} aria-hidden="true" />
          {scale.ticks.map((day) => (
            <span key={day} className={classes.tick} data-due={day === 0 || undefined} style={{ left: `${positionOf(day, scale)}%` }} aria-hidden="true">
              {day === 0 ? t("ladders.timeline.due") : dayLabel(day)}
            </span>
          ))}
          <div className={classes.dueLine} style={{ left: `${positionOf(0, scale)}%` }} aria-hidden="true" />
          <ul className={classes.markers} aria-label={t("ladders.timeline.steps")}>
            {markers.map(({ step, day, row }) => {
              const Icon = CHANNEL_ICON[step.channel];
              const name = t("ladders.timeline.marker", { day: dayLabel(day), id: step.id, channel: channelName(t, step.channel), stage: stageName(t, step.stage) });
              return (
                <li key={step.key} style={{ left: `${positionOf(day, scale)}%`, bottom: 44 + row * 40 }} className={classes.markerItem}>
                  <button
                    type="button"
                    className={classes.marker}
                    style={{ background: STAGE_FILL[step.stage] }}
                    data-invalid={invalid.has(step.key) || undefined}
                    aria-label={invalid.has(step.key) ? `${name} — ${t("ladders.timeline.hasError")}` : name}
                    title={name}
                    onKeyDown={(event) => keyDown(event, step, day)}
                    onClick={() => onOpen(step.key)}
                  >
                    <Icon size={17} stroke={2} aria-hidden />
                  </button>
                  <span className={classes.markerDay} aria-hidden="true">{dayLabel(day)}</span>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
      <Group gap="md" mt={8} wrap="wrap" justify="space-between">
        <Group gap="sm" wrap="wrap" component="ul" className={classes.legend} aria-label={t("ladders.timeline.legend")}>
          {STAGES.map((stage) => (
            <li key={stage} className={classes.legendItem}>
              <span className={classes.legendDot} style={{ background: STAGE_FILL[stage] }} aria-hidden="true" />
              {stageName(t, stage)}
            </li>
          ))}
        </Group>
        <Text fz="xs" c="dimmed">{t("ladders.timeline.keys")}</Text>
      </Group>
      <div className={classes.visuallyHidden} aria-live="polite">{announcement}</div>
    </div>
  );
}
