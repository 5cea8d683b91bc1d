/** Tables of the pix area (see migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type PixSchema = {};
