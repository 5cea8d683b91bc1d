import { Badge, Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { fieldReason, modalProps } from "../debtors/modal-props.ts";
import { useI18n } from "../i18n/i18n-context.tsx";
import { ErrorAlert } from "../ui/error-alert.tsx";
import { TableScroll } from "../ui/table-scroll.tsx";
import { useAddBillingAccount, useBillingAccounts, type NewBillingAccount } from "./policy-api.ts";
import classes from "./settings.module.css";

/** The banks Régua issues boletos for (src/domain/boleto/make-boleto.ts), and which optional fields each uses. */
export const BANKS: { code: string; name: string; fields: ("convenio" | "beneficiaryCode" | "modality" | "account")[] }[] = [
  { code: "001", name: "Banco do Brasil", fields: ["convenio", "account"] },
  { code: "033", name: "Santander", fields: ["beneficiaryCode"] },
  { code: "104", name: "Caixa Econômica Federal", fields: ["beneficiaryCode"] },
  { code: "237", name: "Bradesco", fields: ["account"] },
  { code: "341", name: "Itaú", fields: ["account"] },
  { code: "756", name: "Sicoob", fields: ["beneficiaryCode", "modality"] },
];

type Form = { name: string; bank: string; agency: string; agencyDigit: string; account: string; accountDigit: string; wallet: string; convenio: string; beneficiaryCode: string; modality: string; daysToPay: string; nextOurNumber: string; isDefault: boolean };
const EMPTY: Form = { name: "", bank: "341", agency: "", agencyDigit: "", account: "", accountDigit: "", wallet: "", convenio: "", beneficiaryCode: "", modality: "", daysToPay: "", nextOurNumber: "", isDefault: false };

function NewAccountModal({ creditorId, opened, onClose, onDone }: { creditorId: string; opened: boolean; onClose: () => void; onDone: (name: string) => void }) {
  const { t } = useI18n();
  const add = useAddBillingAccount(creditorId);
  const [form, setForm] = useState<Form>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const bank = BANKS.find((b) => b.code === form.bank) ?? BANKS[0]!;
  const uses = (field: (typeof bank.fields)[number]) => bank.fields.includes(field);
  const set = (field: keyof Form) => (value: string) => setForm({ ...form, [field]: value });

  function close() {
    setForm(EMPTY);
    setSubmitted(false);
    add.reset();
    onClose();
  }

  const intOrUndefined = (text: string) => (text.trim() === "" ? undefined : /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  const daysToPay = intOrUndefined(form.daysToPay);
  const nextOurNumber = intOrUndefined(form.nextOurNumber);
  const local = {
    agency: form.agency.trim() === "" ? t("billingAccounts.required") : null,
    wallet: form.wallet.trim() === "" ? t("billingAccounts.required") : null,
    daysToPay: Number.isNaN(daysToPay) ? t("billingAccounts.integer") : null,
    nextOurNumber: Number.isNaN(nextOurNumber) ? t("billingAccounts.integer") : null,
  };
  const error = (field: string) => (submitted ? (local as Record<string, string | null>)[field] ?? null : null) ?? fieldReason(add.error, field);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(local).some(Boolean)) return;
    const text = (value: string) => (value.trim() === "" ? null : value.trim());
    const input: NewBillingAccount = {
      name: text(form.name), bank: form.bank, agency: form.agency.trim(), agencyDigit: text(form.agencyDigit), wallet: form.wallet.trim(),
      account: uses("account") ? text(form.account) : null, accountDigit: uses("account") ? text(form.accountDigit) : null,
      convenio: uses("convenio") ? text(form.convenio) : null, beneficiaryCode: uses("beneficiaryCode") ? text(form.beneficiaryCode) : null,
      modality: uses("modality") ? text(form.modality) : null, isDefault: form.isDefault,
      ...(daysToPay !== undefined ? { daysToPay } : {}), ...(nextOurNumber !== undefined ? { nextOurNumber } : {}),
    };
    add.mutate(input, { onSuccess: (account) => { close(); onDone(account.name); } });
  }

  const known = ["name", "bank", "agency", "agencyDigit", "account", "accountDigit", "wallet", "convenio", "beneficiaryCode", "modality", "daysToPay", "nextOurNumber"];
  const unshown = add.error && !known.some((f) => fieldReason(add.error, f));
  return (
    <Modal opened={opened} onClose={close} title={t("billingAccounts.new")} size="lg" {...modalProps(t("common.close"))}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {unshown ? <ErrorAlert error={add.error} /> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect label={t("billingAccounts.bank")} value={form.bank} onChange={(e) => set("bank")(e.currentTarget.value)} data={BANKS.map((b) => ({ value: b.code, label: `${b.code} — ${b.name}` }))} data-autofocus error={error("bank")} />
            <TextInput label={t("billingAccounts.name")} description={t("billingAccounts.nameHint")} value={form.name} onChange={(e) => set("name")(e.currentTarget.value)} error={error("name")} />
            <TextInput label={t("billingAccounts.agency")} required withAsterisk={false} value={form.agency} onChange={(e) => set("agency")(e.currentTarget.value)} error={error("agency")} />
            <TextInput label={t("billingAccounts.agencyDigit")} value={form.agencyDigit} onChange={(e) => set("agencyDigit")(e.currentTarget.value)} error={error("agencyDigit")} />
            {uses("account") ? (
              <>
                <TextInput label={t("billingAccounts.account")} value={form.account} onChange={(e) => set("account")(e.currentTarget.value)} error={error("account")} />
                <TextInput label={t("billingAccounts.accountDigit")} value={form.accountDigit} onChange={(e) => set("accountDigit")(e.currentTarget.value)} error={error("accountDigit")} />
              </>
            ) : null}
            <TextInput label={t("billingAccounts.wallet")} required withAsterisk={false} value={form.wallet} onChange={(e) => set("wallet")(e.currentTarget.value)} error={error("wallet")} />
            {uses("convenio") ? <TextInput label={t("billingAccounts.convenio")} value={form.convenio} onChange={(e) => set("convenio")(e.currentTarget.value)} error={error("convenio")} /> : null}
            {uses("beneficiaryCode") ? <TextInput label={t("billingAccounts.beneficiaryCode")} value={form.beneficiaryCode} onChange={(e) => set("beneficiaryCode")(e.currentTarget.value)} error={error("beneficiaryCode")} /> : null}
            {uses("modality") ? <TextInput label={t("billingAccounts.modality")} value={form.modality} onChange={(e) => set("modality")(e.currentTarget.value)} error={error("modality")} /> : null}
            <TextInput label={t("billingAccounts.daysToPay")} description={t("billingAccounts.daysToPayHint")} inputMode="numeric" value={form.daysToPay} onChange={(e) => set("daysToPay")(e.currentTarget.value)} error={error("daysToPay")} />
            <TextInput label={t("billingAccounts.nextOurNumber")} description={t("billingAccounts.nextOurNumberHint")} inputMode="numeric" value={form.nextOurNumber} onChange={(e) => set("nextOurNumber")(e.currentTarget.value)} error={error("nextOurNumber")} />
          </SimpleGrid>
          <Checkbox label={t("billingAccounts.makeDefault")} checked={form.isDefault} onChange={(e) => setForm({ ...form, isDefault: e.currentTarget.checked })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t("common.cancel")}</Button>
            <Button type="submit" loading={add.isPending}>{t("billingAccounts.create")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** "Carteiras de cobrança": the bank accounts boletos are issued from; the default first. */
export function BillingAccountsPanel({ creditorId }: { creditorId: string }) {
  const { t, count, instant } = useI18n();
  const accounts = useBillingAccounts(creditorId);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const items = accounts.data?.items ?? [];
  return (
    <Stack gap="md" p="lg">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text fz="sm" maw={720}>{t("billingAccounts.intro")}</Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
          {t("billingAccounts.new")}
        </Button>
      </Group>
      {notice ? <Text role="status" c="teal.9" fw={600} fz="sm">{notice}</Text> : null}
      {accounts.isError ? (
        <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : !accounts.data ? (
        <Skeleton height={80} />
      ) : items.length === 0 ? (
        <Text c="dimmed" fz="sm">{t("billingAccounts.empty")}</Text>
      ) : (
        <TableScroll minWidth={760} label={t("billingAccounts.tableLabel")}>
          <Table verticalSpacing="sm" horizontalSpacing="md" className={classes.table} aria-label={t("billingAccounts.tableLabel")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("billingAccounts.col.name")}</Table.Th>
                <Table.Th scope="col">{t("billingAccounts.col.bank")}</Table.Th>
                <Table.Th scope="col">{t("billingAccounts.col.numbering")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("billingAccounts.col.next")}</Table.Th>
                <Table.Th scope="col" ta="right">{t("billingAccounts.col.days")}</Table.Th>
                <Table.Th scope="col">{t("billingAccounts.col.created")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Text fw={600} fz="sm">{a.name}</Text>
                    {a.isDefault ? <Badge variant="light" size="sm">{t("billingAccounts.default")}</Badge> : null}
                  </Table.Td>
                  <Table.Td>{a.bank} — {a.bankName ?? ""}</Table.Td>
                  <Table.Td fz="sm" className="tabular">
                    {t("billingAccounts.numbering", { agency: `${a.agency}${a.agencyDigit ? `-${a.agencyDigit}` : ""}`, wallet: a.wallet })}
                    {a.account ? <Text fz="xs" c="dimmed">{t("billingAccounts.accountLine", { account: `${a.account}${a.accountDigit ? `-${a.accountDigit}` : ""}` })}</Text> : null}
                    {a.convenio ? <Text fz="xs" c="dimmed">{t("billingAccounts.convenioLine", { value: a.convenio })}</Text> : null}
                    {a.beneficiaryCode ? <Text fz="xs" c="dimmed">{t("billingAccounts.beneficiaryLine", { value: a.beneficiaryCode })}</Text> : null}
                  </Table.Td>
                  <Table.Td ta="right" className="tabular">{count(a.nextOurNumber)}</Table.Td>
                  <Table.Td ta="right" className="tabular">{count(a.daysToPay)}</Table.Td>
                  <Table.Td fz="sm">{instant(a.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
      <NewAccountModal creditorId={creditorId} opened={adding} onClose={() => setAdding(false)} onDone={(name) => setNotice(t("billingAccounts.added", { name }))} />
    </Stack>
  );
}
