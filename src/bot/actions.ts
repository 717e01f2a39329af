// The values carried by card buttons, and read back when they are pressed. Short keys: a Feishu
// card must stay under 30 KB and every button repeats its value.
import { z } from 'zod';

export const CardActionSchema = z.discriminatedUnion('op', [
  /** Open the form for one row (r '' = a new row, prefilled for partner n when given). */
  z.object({
    op: z.literal('form'),
    l: z.string(),
    p: z.string(),
    c: z.string(),
    r: z.string().default(''),
    n: z.string().default(''),
  }),
  /** Submit the form of one row; r is the row it replaces ('' = added). */
  z.object({ op: z.literal('save'), l: z.string(), p: z.string(), c: z.string(), r: z.string().default('') }),
  /** Edit or delete the row chosen in the list card's select. */
  z.object({
    op: z.literal('pick'),
    l: z.string(),
    p: z.string(),
    c: z.string(),
    what: z.enum(['edit', 'delete']),
  }),
  /** Submit a many-row sheet with no rows ("本期无"). */
  z.object({ op: z.literal('none'), l: z.string(), p: z.string(), c: z.string() }),
  /** Open a sheet: the form of its only row, or its list of rows. */
  z.object({ op: z.literal('open'), l: z.string(), p: z.string(), c: z.string() }),
  /** Show the list of rows of a sheet. */
  z.object({ op: z.literal('list'), l: z.string(), p: z.string(), c: z.string() }),
  /** The reviewing unit confirms or returns revision v of a county's sheet. */
  z.object({
    op: z.literal('review'),
    what: z.enum(['confirm', 'return']),
    l: z.string(),
    p: z.string(),
    c: z.string(),
    v: z.coerce.number().int().min(1),
  }),
  /** The sender of a filled template confirms or cancels saving it (id: the pending upload). */
  z.object({ op: z.literal('imp'), id: z.string().min(1).max(40), what: z.enum(['confirm', 'cancel']) }),
  /** The sender of a document says which owed document it is (k: a document kind, '' = cancel). */
  z.object({ op: z.literal('doc'), id: z.string().min(1).max(40), k: z.string().max(40) }),
  /** Run a chat command as if typed (menu buttons); sure: the person chose this reading (a clarify
   *  button), so it is not asked about again. */
  z.object({ op: z.literal('say'), text: z.string().max(100), sure: z.literal('1').optional() }),
]);
export type CardAction = z.infer<typeof CardActionSchema>;

/** The form input names of the row form that are not ledger fields. */
export const REPORTER_INPUT = 'reporter';
export const ROW_PICK_INPUT = 'row';

export function actionValue(action: CardAction): Record<string, string> {
  return Object.fromEntries(Object.entries(action).map(([k, v]) => [k, String(v)]));
}
