/** Tables of the templates area (see migrations/). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type TemplatesSchema = {};
