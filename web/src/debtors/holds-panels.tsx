import { Alert, Badge, Button, Group, Text, Title } from "@mantine/core";
import type { Holds } from "../api/types.ts";
import { useCan } from "../auth/user-context.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { OPT_OUT_CHANNELS } from "./action-labels.ts";
import type { HoldRequest } from "./hold-modal.tsx";
import { channelLabel } from "./labels.ts";
import actionClasses from "./debtor-actions.module.css";

/** The last pause of the debtor still in force, for its reason. */
function lastPauseReason(holds: Holds): string | null {
  const starts = holds.history.filter((h) => h.kind === "pause" && h.action === "start" && h.debtExternalId === null);
  return starts.length ? starts[starts.length - 1]!.reason : null;
}

/** Says at the top of the page that the ladder is paused for the debtor (and why, and until when), with the way back. */
export function PauseBanner({ holds, onRequest }: { holds: Holds | undefined; onRequest: (request: HoldRequest) => void }) {
  const { t, date } = useI18n();
  const canPause = useCan("hold.pause");
  if (!holds?.debtor.paused) return null;
  const reason = lastPauseReason(holds);
  return (
    <Alert color="orange" variant="light" title={t("holds.pausedTitle")} role="status">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <div>
          <Text fz="sm">
            {holds.debtor.pausedUntil ? t("holds.pausedUntil", { date: date(holds.debtor.pausedUntil) }) : t("holds.pausedOpen")}
          </Text>
          {reason ? <Text fz="sm">{t("eventText.reason", { reason })}</Text> : null}
        </div>
        {canPause ? (
          <Button size="xs" variant="default" onClick={() => onRequest({ kind: "resume" })}>
            {t("toolbar.resume")}
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}

/** Each channel the debtor can refuse, whether they did, and (by role) the switch. */
export function ChannelsPanel({ holds, onRequest }: { holds: Holds | undefined; onRequest: (request: HoldRequest) => void }) {
  const { t, date } = useI18n();
  const canOptOut = useCan("optout.write");
  const canOptIn = useCan("optin.write");
  if (!holds) return null;
  return (
    <div>
      <Title order={3} fz={15} className={actionClasses.subTitle} pb="xs" id="channels-title">
        {t("channels.title")}
      </Title>
      <ul className={actionClasses.channels} aria-labelledby="channels-title">
        {OPT_OUT_CHANNELS.map((channel) => {
          const out = holds.optOuts.find((o) => o.channel === channel);
          const name = channelLabel(t, channel);
          return (
            <li key={channel} className={actionClasses.channel}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Group gap="xs">
                  <Text fz="sm" fw={600} miw={90}>
                    {name}
                  </Text>
                  {out ? (
                    <Badge variant="light" color="red">
                      {t("channels.optedOutSince", { date: date(out.optedOutAt.slice(0, 10)) })}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="teal">
                      {t("channels.accepted")}
                    </Badge>
                  )}
                  {out?.reason ? <Text fz="xs" c="dimmed">{out.reason}</Text> : null}
                </Group>
                {out && canOptIn ? (
                  <Button size="compact-sm" variant="subtle" onClick={() => onRequest({ kind: "optIn", channel })} aria-label={t("channels.optInLabel", { channel: name })}>
                    {t("channels.optIn")}
                  </Button>
                ) : !out && canOptOut ? (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => onRequest({ kind: "optOut", channel })} aria-label={t("channels.optOutLabel", { channel: name })}>
                    {t("channels.optOut")}
                  </Button>
                ) : null}
              </Group>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
