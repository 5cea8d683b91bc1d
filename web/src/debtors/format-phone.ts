/**
 * Formats a Brazilian phone stored in E.164 for reading: "+5511969946782" →
 * "+55 11 96994-6782", "+551133334444" → "+55 11 3333-4444". Other values are
 * returned unchanged.
 */
export function formatPhone(value: string): string {
  const match = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(value.replace(/[\s().-]/g, ""));
  if (!match) return value;
  const [, area, prefix, line] = match;
  return `+55 ${area} ${prefix}-${line}`;
}
