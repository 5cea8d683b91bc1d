/** The channels a ladder step can use. E-mail is sent by Régua; the others are planned as actions. */
export const CHANNELS = ["email", "sms", "whatsapp", "letter", "phone", "credit_bureau", "protest", "legal"] as const;
export type Channel = (typeof CHANNELS)[number];

/** How far a collection has escalated, mildest first. */
export const STAGES = ["friendly", "firm", "formal", "extrajudicial", "judicial"] as const;
export type Stage = (typeof STAGES)[number];

/** The channels a debtor can opt out of, and the contact kind each one uses. */
export const CONTACT_KIND_OF_CHANNEL: Partial<Record<Channel, "email" | "phone" | "whatsapp" | "address">> = {
  email: "email",
  sms: "phone",
  phone: "phone",
  whatsapp: "whatsapp",
  letter: "address",
};

export function isChannel(s: string): s is Channel {
  return (CHANNELS as readonly string[]).includes(s);
}

export function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}
