import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_CHANNEL_WINDOWS } from "../../../src/domain/guard/contact-window.ts";
import { DEFAULT_FREQUENCY_CAPS, validateFrequencyCaps } from "../../../src/domain/guard/rules.ts";
import { validateChannelWindows } from "../../../src/domain/guard/contact-window.ts";
import { capsToForm, dayProblem, formToCaps, formToWindows, parseCap, windowsToForm } from "./contact-policy-form.ts";

describe("contact windows form", () => {
  it("round-trips the server's defaults and a channel override, and the server accepts the result", () => {
    const windows = { ...DEFAULT_CHANNEL_WINDOWS, sms: { weekday: { from: "09:00", to: "18:00" }, saturday: null, sunday: null, holidays: null } };
    const form = windowsToForm(windows);
    assert.equal(form.email, null, "e-mail follows the default");
    assert.deepEqual(form.sms?.saturday, { allowed: false, from: "08:00", to: "20:00" });
    const back = formToWindows(form);
    assert.ok(back.ok);
    assert.deepEqual(back.windows, windows);
    assert.deepEqual(validateChannelWindows(back.windows), windows);
  });
  it("names the first wrong day and allows 24:00 as the end", () => {
    const form = windowsToForm(DEFAULT_CHANNEL_WINDOWS);
    form.default!.weekday = { allowed: true, from: "20:00", to: "08:00" };
    assert.deepEqual(formToWindows(form), { ok: false, at: "default.weekday" });
    assert.equal(dayProblem({ allowed: true, from: "8:00", to: "10:00" }), "contactPolicy.timeInvalid");
    assert.equal(dayProblem({ allowed: true, from: "22:00", to: "24:00" }), null);
    assert.equal(dayProblem({ allowed: false, from: "", to: "" }), null);
  });
});

describe("frequency caps form", () => {
  it("reads the cells: blank, number, and the no-limit word", () => {
    const table: [string, boolean, number | null | undefined | "invalid"][] = [
      ["", true, null], ["", false, undefined], ["3", false, 3], [" 0 ", true, 0], ["sem limite", false, null], ["No limit", false, null], ["-", false, null],
      ["1000", true, 1000], ["1001", true, "invalid"], ["2,5", true, "invalid"], ["abc", false, "invalid"],
    ];
    for (const [text, isDefault, expected] of table) assert.equal(parseCap(text, isDefault), expected, JSON.stringify(text));
  });
  it("round-trips the defaults (phone: 3 a week) and an explicit no-limit channel; the server accepts the result", () => {
    const caps = { ...DEFAULT_FREQUENCY_CAPS, perDay: { default: 1, whatsapp: null }, totalPerWeek: 6 };
    const form = capsToForm(caps, "sem limite");
    assert.equal(form.perWeek.phone, "3");
    assert.equal(form.perDay.whatsapp, "sem limite");
    assert.equal(form.perDay.sms, "");
    const back = formToCaps(form);
    assert.ok(back.ok);
    assert.deepEqual(back.caps, caps);
    assert.deepEqual(validateFrequencyCaps(back.caps), caps);
    assert.deepEqual(formToCaps({ ...form, perWeek: { ...form.perWeek, sms: "muitos" } }), { ok: false, at: "perWeek.sms" });
  });
});
