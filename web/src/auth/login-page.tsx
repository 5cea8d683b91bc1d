import { Box, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { Brand } from "../ui/brand.tsx";
import { useDocumentTitle } from "../ui/page-header.tsx";
import { LanguageSwitch } from "../layout/language-switch.tsx";
import { useT } from "../i18n/i18n-context.tsx";
import { useLogin } from "./session.ts";
import classes from "./login-page.module.css";

export function LoginPage() {
  const t = useT();
  useDocumentTitle(t("login.pageTitle"));
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [touched, setTouched] = useState(false);

  const emailError = touched && email.trim() === "" ? t("login.emailRequired") : null;
  const passwordError = touched && password === "" ? t("login.passwordRequired") : null;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched(true);
    if (email.trim() === "" || password === "") return;
    login.mutate({ email: email.trim(), password });
  }

  return (
    <div className={classes.page}>
      <aside className={classes.hero}>
        <Brand size={40} inverted tagline={t("app.tagline")} />
        <div>
          <p className={classes.heroTitle}>{t("login.heroTitle")}</p>
          <p className={classes.heroText}>{t("login.heroText")}</p>
        </div>
        <p className={classes.heroFooter}>{t("login.footer")}</p>
      </aside>

      <main className={classes.formSide} id="conteudo">
        <Box className={classes.topRight}>
          <LanguageSwitch />
        </Box>
        <Paper className={classes.card} withBorder radius="lg" p={{ base: "lg", sm: 36 }} shadow="sm">
          <Box hiddenFrom="md" mb="lg">
            <Brand size={34} tagline={t("app.tagline")} />
          </Box>
          <Title order={1} fz={24} mb={6}>
            {t("login.title")}
          </Title>
          <Text c="dimmed" fz="sm" mb="lg">
            {t("login.subtitle")}
          </Text>

          <form onSubmit={handleSubmit} noValidate aria-describedby={login.isError ? "login-error" : undefined}>
            <Stack gap="md">
              {login.isError ? (
                <div id="login-error">
                  <ErrorAlert error={login.error} title={t("login.failed")} />
                </div>
              ) : null}
              <TextInput
                label={t("login.email")}
                type="email"
                name="email"
                autoComplete="username"
                inputMode="email"
                required
              withAsterisk={false}
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={emailError}
                size="md"
              />
              <PasswordInput
              visibilityToggleButtonProps={{ "aria-label": t("password.toggleVisibility") }}
                label={t("login.password")}
                name="password"
                autoComplete="current-password"
                required
              withAsterisk={false}
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={passwordError}
                size="md"
              />
              <Button type="submit" size="md" fullWidth loading={login.isPending} mt="xs">
                {t("login.submit")}
              </Button>
            </Stack>
          </form>
        </Paper>
      </main>
    </div>
  );
}
