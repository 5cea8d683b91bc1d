import { Alert, Anchor, Badge, Button, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconPlayerPlay } from "@tabler/icons-react";
import { useState } from "react";
import { formatDocument } from "../debtors/format-document.ts";
import { formatInstant } from "../i18n/format.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { Link } from "../router/router.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import type { Simulation } from "./ladders-api.ts";
import { ChannelTag, STAGE_COLOR, reasonName, stageName } from "./vocabulary.tsx";
import type { Stage } from "./ladder-form.ts";
import classes from "./ladders.module.css";

/** "America/Manaus" → "Manaus" (the city people know the zone by). */
function zoneCity(timeZone: string): string {
  return (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
}

function Bar({ value, max, color }: { value: number; max: number; color: string }) {
  const width = max > 0 ? Math.max(value > 0 ? 2 : 0, Math.round((value / max) * 100)) : 0;
  return (
    <div className={classes.bar} aria-hidden="true">
      <div className={classes.barFill} style={{ width: `${width}%`, background: color }} />
    </div>
  );
}

type Props = {
  today: string;
  disabled: boolean;
  pending: boolean;
  error: unknown;
  result: { simulation: Simulation; day: string } | null;
  onRun: (date: string) => void;
};

/** "Simular": what the ladder as edited would do on a day across the real portfolio, nothing saved. */
export function SimulationPanel({ today, disabled, pending, error, result: ran, onRun }: Props) {
  const result = ran?.simulation ?? null;
  const { t, locale, count, date } = useI18n();
  const [day, setDay] = useState(today);
  const maxChannel = Math.max(0, ...(result?.byChannel ?? []).map((c) => Math.max(c.planned, c.skipped)));
  const maxReason = Math.max(0, ...(result?.byReason ?? []).map((r) => r.count));
  return (
    <Stack gap="md">
      <form
        className={classes.simulateForm}
        onSubmit={(event) => {
          event.preventDefault();
          onRun(day);
        }}
      >
        <TextInput type="date" label={t("ladders.sim.date")} value={day} onChange={(event) => setDay(event.currentTarget.value)} required w={190} />
        <Button type="submit" variant="light" leftSection={<IconPlayerPlay size={16} aria-hidden />} loading={pending} disabled={disabled}>
          {t("ladders.sim.run")}
        </Button>
        <Text fz="sm" c="dimmed" className={classes.simulateHint}>{disabled ? t("ladders.sim.fixFirst") : t("ladders.sim.hint")}</Text>
      </form>
      {error ? <ErrorAlert error={error} title={t("ladders.sim.failed")} /> : null}
      {result ? (
        <Stack gap="md" aria-live="polite">
          <Alert color="indigo" variant="light" role="status" title={t("ladders.sim.title", { date: date(ran!.day) })}>
            {t("ladders.sim.summary", {
              debtors: count(result.debtors), debts: count(result.debts), planned: count(result.planned), approval: count(result.awaitingApproval), skipped: count(result.skipped),
            })}
            {result.ladder.isDefault ? "" : ` ${t("ladders.sim.notDefault")}`}
          </Alert>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <section aria-labelledby="sim-channels">
              <Title order={4} fz={15} id="sim-channels" mb={6}>{t("ladders.sim.byChannel")}</Title>
              {result.byChannel.length === 0 ? <Text fz="sm" c="dimmed">{t("ladders.sim.none")}</Text> : (
                <Table aria-labelledby="sim-channels" verticalSpacing={6} className={classes.simTable}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t("ladders.sim.col.channel")}</Table.Th>
                      <Table.Th scope="col" ta="right">{t("ladders.sim.col.planned")}</Table.Th>
                      <Table.Th scope="col" ta="right">{t("ladders.sim.col.skipped")}</Table.Th>
                      <Table.Th scope="col" w="35%"><span className={classes.visuallyHidden}>{t("ladders.sim.col.chart")}</span></Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.byChannel.map((c) => (
                      <Table.Tr key={c.channel}>
                        <Table.Td><ChannelTag channel={c.channel} t={t} /></Table.Td>
                        <Table.Td ta="right" className="tabular" fw={700}>{count(c.planned)}</Table.Td>
                        <Table.Td ta="right" className="tabular">{count(c.skipped)}</Table.Td>
                        <Table.Td>
                          <Bar value={c.planned} max={maxChannel} color="var(--mantine-color-indigo-6)" />
                          <Bar value={c.skipped} max={maxChannel} color="var(--mantine-color-gray-5)" />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </section>
            <section aria-labelledby="sim-reasons">
              <Title order={4} fz={15} id="sim-reasons" mb={6}>{t("ladders.sim.byReason")}</Title>
              {result.byReason.length === 0 ? <Text fz="sm" c="dimmed">{t("ladders.sim.noSkips")}</Text> : (
                <Table aria-labelledby="sim-reasons" verticalSpacing={6} className={classes.simTable}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t("ladders.sim.col.reason")}</Table.Th>
                      <Table.Th scope="col" ta="right">{t("ladders.sim.col.count")}</Table.Th>
                      <Table.Th scope="col" w="35%"><span className={classes.visuallyHidden}>{t("ladders.sim.col.chart")}</span></Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.byReason.map((r) => (
                      <Table.Tr key={r.reason}>
                        <Table.Td fz="sm">{reasonName(t, r.reason)}</Table.Td>
                        <Table.Td ta="right" className="tabular" fw={700}>{count(r.count)}</Table.Td>
                        <Table.Td><Bar value={r.count} max={maxReason} color="var(--mantine-color-orange-6)" /></Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </section>
          </SimpleGrid>
          <section aria-labelledby="sim-sample">
            <Group justify="space-between" mb={6}>
              <Title order={4} fz={15} id="sim-sample">{t("ladders.sim.sample")}</Title>
              <Text fz="xs" c="dimmed">{t("ladders.sim.sampleHint", { shown: count(result.sample.length), total: count(result.planned) })}</Text>
            </Group>
            {result.sample.length === 0 ? <Text fz="sm" c="dimmed">{t("ladders.sim.none")}</Text> : (
              <TableScroll minWidth={760} label={t("ladders.sim.sample")}>
                <Table aria-labelledby="sim-sample" verticalSpacing={6} striped className={classes.simTable}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t("ladders.sim.col.debtor")}</Table.Th>
                      <Table.Th scope="col">{t("ladders.sim.col.debts")}</Table.Th>
                      <Table.Th scope="col">{t("ladders.sim.col.step")}</Table.Th>
                      <Table.Th scope="col">{t("ladders.sim.col.channel")}</Table.Th>
                      <Table.Th scope="col">{t("ladders.sim.col.sendAt")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.sample.map((s) => (
                      <Table.Tr key={`${s.debtorId}:${s.channel}`}>
                        <Table.Td>
                          <Anchor component={Link} to={`/devedores/${s.debtorId}`} fz="sm" fw={600}>{s.debtorName || s.debtorDocument}</Anchor>
                          <Text fz="xs" c="dimmed" className="tabular">{formatDocument(s.debtorDocument)}</Text>
                        </Table.Td>
                        <Table.Td fz="sm">{s.debtExternalIds.join(", ")}</Table.Td>
                        <Table.Td fz="sm">
                          {s.stepId} <Badge size="xs" variant="light" color={STAGE_COLOR[s.stage as Stage] ?? "gray"}>{stageName(t, s.stage)}</Badge>
                          {s.status === "awaiting_approval" ? <Text fz="xs" c="dimmed">{t("ladders.sim.needsApproval")}</Text> : null}
                        </Table.Td>
                        <Table.Td fz="sm"><ChannelTag channel={s.channel} t={t} /></Table.Td>
                        <Table.Td fz="sm" className="tabular">
                          {formatInstant(s.sendAt, locale, s.timeZone)}
                          <Text fz="xs" c="dimmed">{t("ladders.sim.localTime", { zone: zoneCity(s.timeZone) })}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </TableScroll>
            )}
          </section>
        </Stack>
      ) : null}
    </Stack>
  );
}
