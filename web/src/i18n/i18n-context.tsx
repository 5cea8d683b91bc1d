import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { formatCents, formatDate, formatInstant, formatNumber } from "./format.ts";
import { LOCALE_STORAGE_KEY, parseLocale, translate } from "./locale.ts";
import type { Locale, MessageParams } from "./locale.ts";
import type { MessageKey } from "./messages.ts";

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export type I18n = {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  money: (cents: number) => string;
  date: (date: string) => string;
  instant: (at: string) => string;
  count: (value: number) => string;
};

const I18nContext = createContext<I18n | null>(null);

function readStoredLocale(): Locale {
  try {
    return parseLocale(localStorage.getItem(LOCALE_STORAGE_KEY));
  } catch {
    return parseLocale(null);
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Private mode or disabled storage: the choice lasts for this tab only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      money: (cents) => formatCents(cents, locale),
      date: (date) => formatDate(date, locale),
      instant: (at) => formatInstant(at, locale),
      count: (value) => formatNumber(value, locale),
    }),
    [locale, setLocale],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current locale with its translate function and formatters. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n must be used inside <I18nProvider>");
  return value;
}

/** Shorthand for the translate function of the current locale. */
export function useT(): Translate {
  return useI18n().t;
}
