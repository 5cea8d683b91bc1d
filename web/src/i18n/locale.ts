import { EN, PT_BR } from "./messages.ts";
import type { MessageKey, Messages } from "./messages.ts";

export type Locale = "pt-BR" | "en";
export const LOCALES: readonly Locale[] = ["pt-BR", "en"];
export const DEFAULT_LOCALE: Locale = "pt-BR";
export const LOCALE_STORAGE_KEY = "regua.locale";

export type MessageParams = Record<string, string | number>;

const TABLES: Record<Locale, Messages> = { "pt-BR": PT_BR, en: EN };

/** Looks a key up in the locale's table and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = TABLES[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** True when `key` is a dictionary key (for labels built from server values). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(PT_BR, key);
}

export function parseLocale(value: string | null | undefined): Locale {
  return value === "en" || value === "pt-BR" ? value : DEFAULT_LOCALE;
}
