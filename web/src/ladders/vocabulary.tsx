import {
  IconBrandWhatsapp, IconDeviceMobileMessage, IconFileCertificate, IconGavel, IconMail, IconMailbox, IconPhone, IconUserX,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { Translate } from "../i18n/i18n-context.tsx";
import { isMessageKey } from "../i18n/locale.ts";
import type { Channel, Stage } from "./ladder-form.ts";

/** Escalation colours, calm to severe (Mantine colour names, for badges). */
export const STAGE_COLOR: Record<Stage, string> = {
  friendly: "teal",
  firm: "yellow",
  formal: "orange",
  extrajudicial: "red",
  judicial: "grape",
};

/** Marker fills on the timeline (dark enough for a white icon). */
export const STAGE_FILL: Record<Stage, string> = {
  friendly: "var(--mantine-color-teal-7)",
  firm: "var(--mantine-color-yellow-8)",
  formal: "var(--mantine-color-orange-8)",
  extrajudicial: "var(--mantine-color-red-8)",
  judicial: "var(--mantine-color-grape-8)",
};

export const CHANNEL_ICON: Record<Channel, ComponentType<{ size?: number; stroke?: number; "aria-hidden"?: boolean }>> = {
  email: IconMail,
  sms: IconDeviceMobileMessage,
  whatsapp: IconBrandWhatsapp,
  letter: IconMailbox,
  phone: IconPhone,
  credit_bureau: IconUserX,
  protest: IconFileCertificate,
  legal: IconGavel,
};

const label = (t: Translate, key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);

export const stageName = (t: Translate, stage: string) => label(t, `ladders.stage.${stage}`, stage);
export const channelName = (t: Translate, channel: string) => label(t, `ladders.channel.${channel}`, channel);
export const reasonName = (t: Translate, reason: string) => label(t, `ladders.reason.${reason}`, reason);

/** A channel's icon beside its name. */
export function ChannelTag({ channel, t }: { channel: string; t: Translate }) {
  const Icon = CHANNEL_ICON[channel as Channel] ?? IconMail;
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6, whiteSpace: "nowrap" }}>
      <Icon size={16} stroke={1.8} aria-hidden />
      {channelName(t, channel)}
    </span>
  );
}
