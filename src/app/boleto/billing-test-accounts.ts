// One billing account per supported bank layout, for the boleto tests (app, CLI, HTTP).
// Not used by the product.
import type { BillingAccountInput } from "./billing-accounts.ts";
import type { BillingAccountSpec } from "./billing-rules.ts";

export const TEST_ACCOUNTS = {
  bb7: { bank: "001", agency: "1234", agencyDigit: "3", account: null, accountDigit: null, wallet: "17", convenio: "1234567", beneficiaryCode: null, modality: null },
  bb6: { bank: "001", agency: "1234", agencyDigit: null, account: "00012345", accountDigit: "X", wallet: "18", convenio: "123456", beneficiaryCode: null, modality: null },
  bradesco: { bank: "237", agency: "1234", agencyDigit: "5", account: "0012345", accountDigit: "6", wallet: "09", convenio: null, beneficiaryCode: null, modality: null },
  itau: { bank: "341", agency: "1234", agencyDigit: null, account: "12345", accountDigit: null, wallet: "109", convenio: null, beneficiaryCode: null, modality: null },
  caixa: { bank: "104", agency: "1234", agencyDigit: null, account: null, accountDigit: null, wallet: "1", convenio: null, beneficiaryCode: "123456", modality: null },
  santander: { bank: "033", agency: "1234", agencyDigit: null, account: null, accountDigit: null, wallet: "101", convenio: null, beneficiaryCode: "1234567", modality: null },
  sicoob: { bank: "756", agency: "4321", agencyDigit: null, account: null, accountDigit: null, wallet: "1", convenio: null, beneficiaryCode: "123456", modality: "01" },
} as const satisfies Record<string, BillingAccountSpec>;

export type TestAccountName = keyof typeof TEST_ACCOUNTS;

/** The account as the add use case takes it. */
export function testAccountInput(name: TestAccountName, extra: Partial<BillingAccountInput> = {}): BillingAccountInput {
  const a = TEST_ACCOUNTS[name];
  return {
    bank: a.bank, agency: a.agency, agencyDigit: a.agencyDigit, account: a.account, accountDigit: a.accountDigit, wallet: a.wallet,
    convenio: a.convenio, beneficiaryCode: a.beneficiaryCode, modality: a.modality, ...extra,
  };
}
