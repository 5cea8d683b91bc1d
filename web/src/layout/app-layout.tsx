import { AppShell, Avatar, Burger, Button, Group, Menu, NativeSelect, NavLink, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import type { ComponentType, ReactNode } from "react";
import type { User } from "../api/types.ts";
import { ChangePasswordModal } from "../auth/change-password-modal.tsx";
import { useLogout } from "../auth/session.ts";
import { useT } from "../i18n/i18n-context.tsx";
import { Link, navigate, useLocation } from "../router/router.tsx";
import { Brand } from "../ui/brand.tsx";
import {
  IconAudit,
  IconBuilding,
  IconCash,
  IconChevronDown,
  IconDashboard,
  IconKey,
  IconLogout,
  IconOutbox,
  IconPhone,
  IconRuler,
  IconSettings,
  IconTemplate,
  IconUpload,
  IconUsers,
} from "../ui/icons.tsx";
import { creditorName, useOptionalCreditor } from "./creditor-context.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { activeNavItem, navItemsFor } from "./nav-items.ts";
import type { NavIconName, NavItem } from "./nav-items.ts";
import classes from "./app-layout.module.css";

const NAV_ICONS: Record<NavIconName, ComponentType<{ size?: number }>> = {
  dashboard: IconDashboard,
  debtors: IconUsers,
  ladders: IconRuler,
  templates: IconTemplate,
  callQueue: IconPhone,
  outbox: IconOutbox,
  imports: IconUpload,
  payments: IconCash,
  settings: IconSettings,
  audit: IconAudit,
};

const GROUPS: readonly NavItem["group"][] = ["nav.groupPortfolio", "nav.groupOperation", "nav.groupAdmin"];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

function CreditorSwitcher() {
  const t = useT();
  const state = useOptionalCreditor();
  const { pathname } = useLocation();
  if (!state) return null;
  const { creditors, creditor, selectCreditor } = state;
  if (creditors.length <= 1) {
    return (
      <Group gap={8} wrap="nowrap" className={classes.creditorName}>
        <IconBuilding size={18} />
        <Text fz="sm" fw={600} truncate="end" maw={260} title={creditor.legalName}>
          {creditorName(creditor)}
        </Text>
      </Group>
    );
  }
  return (
    <NativeSelect
      aria-label={t("header.creditor")}
      className={classes.creditorSelect}
      size="sm"
      leftSection={<IconBuilding size={18} />}
      value={creditor.id}
      data={creditors.map((item) => ({ value: item.id, label: creditorName(item) }))}
      onChange={(event) => {
        const id = event.currentTarget.value;
        if (!id || id === creditor.id) return;
        selectCreditor(id);
        // Another creditor's debtor page would not exist: go back to the list.
        if (pathname.startsWith("/devedores/")) navigate("/devedores");
      }}
    />
  );
}

function UserMenu({ user, onChangePassword }: { user: User; onChangePassword: () => void }) {
  const t = useT();
  return (
    <Menu position="bottom-end" width={220} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton className={classes.userButton}>
          <Group gap={10} wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={34} aria-hidden="true">
              {initials(user.name)}
            </Avatar>
            <div className={classes.userText}>
              <Text fz="sm" fw={600} lh={1.2} truncate="end">
                {user.name}
              </Text>
              <Text fz="xs" c="dimmed" lh={1.2}>
                {t(`role.${user.role}`)}
              </Text>
            </div>
            <IconChevronDown size={16} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={onChangePassword}>
          {t("header.changePassword")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Navigation({ role, onNavigate }: { role: User["role"]; onNavigate: () => void }) {
  const t = useT();
  const { pathname } = useLocation();
  const active = activeNavItem(pathname);
  const items = navItemsFor(role);
  return (
    <Stack gap="lg">
      {GROUPS.filter((group) => items.some((item) => item.group === group)).map((group) => (
        <div key={group}>
          <Text className={classes.navGroup} id={`nav-${group}`}>
            {t(group)}
          </Text>
          <Stack gap={2} component="ul" className={classes.navList} aria-labelledby={`nav-${group}`}>
            {items.filter((item) => item.group === group).map((item) => {
              const Icon = NAV_ICONS[item.icon];
              const isActive = active?.path === item.path;
              return (
                <li key={item.path}>
                  <NavLink
                    component={Link}
                    to={item.path}
                    label={t(item.label)}
                    leftSection={<Icon size={19} />}
                    active={isActive}
                    aria-current={isActive ? "page" : undefined}
                    onClick={onNavigate}
                    className={classes.navLink}
                  />
                </li>
              );
            })}
          </Stack>
        </div>
      ))}
    </Stack>
  );
}

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const t = useT();
  const [navOpened, nav] = useDisclosure(false);
  const [passwordOpened, passwordModal] = useDisclosure(false);
  // The creditor and language switches live in the header, or in the drawer on
  // phones; only one copy is ever in the DOM.
  const isPhone = useMediaQuery("(max-width: 48em)") ?? false;
  const logout = useLogout();

  function handleLogout() {
    logout.mutate(undefined, { onSettled: () => navigate("/login", { replace: true }) });
  }

  return (
    <>
      <a href="#conteudo" className={classes.skipLink}>
        {t("app.skipToContent")}
      </a>
      <AppShell
        header={{ height: 64 }}
        navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !navOpened } }}
        padding={0}
        className={classes.shell}
      >
        <AppShell.Header className={classes.header}>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t("nav.toggle")} />
              <Link to="/" className={classes.brandLink} aria-label={`Régua — ${t("nav.dashboard")}`}>
                <Brand size={30} />
              </Link>
            </Group>
            <Group gap="md" wrap="nowrap" className={classes.headerRight}>
              {isPhone ? null : <CreditorSwitcher />}
              {isPhone ? null : <LanguageSwitch />}
              <UserMenu user={user} onChangePassword={passwordModal.open} />
              <Button variant="subtle" color="gray" leftSection={<IconLogout size={18} />} onClick={handleLogout} loading={logout.isPending} className={classes.logout}>
                {t("header.logout")}
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar aria-label={t("nav.label")} className={classes.navbar}>
          <ScrollArea type="auto" className={classes.navScroll}>
            <Navigation role={user.role} onNavigate={nav.close} />
          </ScrollArea>
          {isPhone ? (
            <Stack gap="sm" className={classes.navFooter}>
              <CreditorSwitcher />
              <LanguageSwitch />
            </Stack>
          ) : null}
        </AppShell.Navbar>

        <AppShell.Main id="conteudo" tabIndex={-1} className={classes.main}>
          <div className={classes.content}>{children}</div>
        </AppShell.Main>
      </AppShell>
      <ChangePasswordModal opened={passwordOpened} onClose={passwordModal.close} />
    </>
  );
}
