/** Tables of the payments area (see migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type PaymentsSchema = {};
