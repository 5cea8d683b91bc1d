import { Button } from "@mantine/core";
import { useI18n } from "../i18n/i18n-context.tsx";
import { LOCALES } from "../i18n/locale.ts";
import classes from "./language-switch.module.css";

const NAMES = { "pt-BR": "Português", en: "English" } as const;

/** Português / English toggle (two pressed-state buttons); the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div role="group" aria-label={t("header.language")} className={classes.root}>
      {LOCALES.map((value) => (
        <Button
          key={value}
          size="compact-sm"
          variant={value === locale ? "white" : "subtle"}
          color={value === locale ? "dark" : "gray"}
          aria-pressed={value === locale}
          lang={value}
          className={classes.option}
          data-active={value === locale || undefined}
          onClick={() => setLocale(value)}
        >
          {NAMES[value]}
        </Button>
      ))}
    </div>
  );
}
