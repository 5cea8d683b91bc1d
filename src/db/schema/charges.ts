/** Tables of the charges area (see migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type ChargesSchema = {};
