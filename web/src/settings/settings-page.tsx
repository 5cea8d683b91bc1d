import { Badge, Group, Paper, Stack, Tabs, Text } from "@mantine/core";
import { IconBuildingBank, IconBuildingStore, IconClockHour4, IconHeartHandshake, IconKey, IconMail, IconPercentage, IconUsers } from "@tabler/icons-react";
import { useCan } from "../auth/user-context.tsx";
import { useI18n } from "../i18n/i18n-context.tsx";
import { creditorName, useCreditor } from "../layout/creditor-context.tsx";
import { navigate, useLocation } from "../router/router.tsx";
import { PageHeader, useDocumentTitle } from "../ui/page-header.tsx";
import { ApiKeysPanel } from "./api-keys-panel.tsx";
import { BillingAccountsPanel } from "./billing-accounts-panel.tsx";
import { ChargesPanel } from "./charges-panel.tsx";
import { ContactPolicyPanel } from "./contact-policy-panel.tsx";
import { CreditorForm } from "./creditor-form.tsx";
import { EmailSettingsPanel } from "./email-settings-panel.tsx";
import { NegotiationPolicyPanel } from "./negotiation-policy-panel.tsx";
import { UsersPanel } from "./users-panel.tsx";
import classes from "./settings.module.css";

type Tab = "credor" | "encargos" | "contato" | "negociacao" | "carteiras" | "email" | "usuarios" | "chaves";

export function SettingsPage() {
  const { t } = useI18n();
  const { creditor, creditors } = useCreditor();
  const canEditCreditor = useCan("creditor.update");
  const canManageUsers = useCan("user.manage");
  const canManageKeys = useCan("apikey.manage");
  const canSetPolicy = useCan("negotiation.policy");
  const canManageBilling = useCan("billing.manage");
  const { pathname, search } = useLocation();
  useDocumentTitle(t("settings.title"));

  const tabs: Tab[] = [
    "credor", "encargos", "contato", "negociacao", ...(canManageBilling ? (["carteiras"] as const) : []), "email",
    ...(canManageUsers ? (["usuarios"] as const) : []), ...(canManageKeys ? (["chaves"] as const) : []),
  ];
  const requested = search.get("aba") as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : "credor";
  const select = (value: string | null) => navigate(value && value !== "credor" ? `${pathname}?aba=${value}` : pathname, { replace: true });

  return (
    <>
      <PageHeader title={t("settings.title")} description={t("settings.subtitle", { creditor: creditorName(creditor) })} />
      <Stack gap="lg">
        <Paper withBorder radius="lg" className={classes.panel}>
          <Tabs value={tab} onChange={select} keepMounted={false}>
            <Tabs.List className={classes.tabs} aria-label={t("settings.tabs")}>
              <Tabs.Tab value="credor" leftSection={<IconBuildingStore size={16} />}>
                {t("settings.tab.creditor")}
              </Tabs.Tab>
              <Tabs.Tab value="encargos" leftSection={<IconPercentage size={16} />}>
                {t("settingsMore.tab.charges")}
              </Tabs.Tab>
              <Tabs.Tab value="contato" leftSection={<IconClockHour4 size={16} />}>
                {t("settingsMore.tab.contact")}
              </Tabs.Tab>
              <Tabs.Tab value="negociacao" leftSection={<IconHeartHandshake size={16} />}>
                {t("settingsMore.tab.negotiation")}
              </Tabs.Tab>
              {canManageBilling ? (
                <Tabs.Tab value="carteiras" leftSection={<IconBuildingBank size={16} />}>
                  {t("settingsMore.tab.billing")}
                </Tabs.Tab>
              ) : null}
              <Tabs.Tab value="email" leftSection={<IconMail size={16} />}>
                {t("settingsMore.tab.email")}
              </Tabs.Tab>
              {canManageUsers ? (
                <Tabs.Tab value="usuarios" leftSection={<IconUsers size={16} />}>
                  {t("settings.tab.users")}
                </Tabs.Tab>
              ) : null}
              {canManageKeys ? (
                <Tabs.Tab value="chaves" leftSection={<IconKey size={16} />}>
                  {t("settings.tab.apiKeys")}
                </Tabs.Tab>
              ) : null}
            </Tabs.List>
            <Tabs.Panel value="credor">
              <CreditorForm key={creditor.id} creditor={creditor} canEdit={canEditCreditor} />
            </Tabs.Panel>
            <Tabs.Panel value="encargos">
              <ChargesPanel creditorId={creditor.id} canEdit={canEditCreditor} />
            </Tabs.Panel>
            <Tabs.Panel value="contato">
              <ContactPolicyPanel creditorId={creditor.id} canEdit={canEditCreditor} />
            </Tabs.Panel>
            <Tabs.Panel value="negociacao">
              <NegotiationPolicyPanel creditorId={creditor.id} canEdit={canSetPolicy} />
            </Tabs.Panel>
            {canManageBilling ? (
              <Tabs.Panel value="carteiras">
                <BillingAccountsPanel creditorId={creditor.id} />
              </Tabs.Panel>
            ) : null}
            <Tabs.Panel value="email">
              <EmailSettingsPanel creditorId={creditor.id} canEdit={canEditCreditor} />
            </Tabs.Panel>
            {canManageUsers ? (
              <Tabs.Panel value="usuarios">
                <UsersPanel creditors={creditors} />
              </Tabs.Panel>
            ) : null}
            {canManageKeys ? (
              <Tabs.Panel value="chaves">
                <ApiKeysPanel creditors={creditors} creditorId={creditor.id} />
              </Tabs.Panel>
            ) : null}
          </Tabs>
        </Paper>
        <Paper radius="lg" p="lg" className={classes.soon} component="section" aria-label={t("settings.soonTitle")}>
          <Group gap="xs">
            <Text fw={700} fz="sm">{t("settings.soonTitle")}</Text>
            <Badge size="xs" variant="outline" color="gray">{t("comingSoon.title")}</Badge>
          </Group>
          <Text fz="sm" c="dimmed" mt={4}>{t("settings.soonText")}</Text>
        </Paper>
      </Stack>
    </>
  );
}
