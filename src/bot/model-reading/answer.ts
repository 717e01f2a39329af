// The model's answer, validated into the reading the rules produce: a JSON object of known keys, a
// known intent, a ledger, figure, county and city that exist. Anything else — prose, broken JSON, a
// county not in the roster, an intent that does not exist — is no reading at all.
import { z } from 'zod';
import { LEDGERS } from '../../domain/ledgers/index.ts';
import { findMetric } from '../../domain/ledgers/metrics.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { parsePeriod } from '../../domain/period.ts';
import type { Reading } from '../../understanding/understand.ts';
import type { FallbackContext, FallbackReading } from '../intent-fallback.ts';
import { MODEL_INTENTS } from './vocabulary.ts';

const LEDGER_IDS = LEDGERS.map((l) => l.id) as [LedgerId, ...LedgerId[]];
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

export const ModelAnswerSchema = z.object({
  intent: z.enum(MODEL_INTENTS as [string, ...string[]]),
  ledger: nullable(z.enum(LEDGER_IDS)),
  period: nullable(z.string().max(10)),
  county: nullable(z.string().max(40)),
  city: nullable(z.string().max(40)),
  filter: nullable(z.enum(['unreported', 'overdue', 'returned', 'pending', 'confirmed'])),
  metric: nullable(z.string().max(60)),
  measure: nullable(z.enum(['actual', 'planned', 'rate'])),
  shape: nullable(z.enum(['total', 'per_county', 'top', 'bottom', 'change'])),
  n: nullable(z.number().int().min(1).max(100)),
  against: nullable(z.enum(['previous_quarter', 'last_year'])),
  sure: z.boolean().default(false),
});
export type ModelAnswer = z.infer<typeof ModelAnswerSchema>;

/** The JSON object in a model's reply: alone, or in a code fence, after any <think> block. */
export function jsonIn(content: string): unknown {
  const text = content
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .trim()
    .replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readingOf(content: string, context: FallbackContext): FallbackReading | null {
  const parsed = ModelAnswerSchema.safeParse(jsonIn(content));
  if (!parsed.success) return null;
  const a = parsed.data;
  if (a.intent === 'unknown') return null;
  if (a.county !== null && !context.counties.includes(a.county)) return null;
  if (a.city !== null && !context.cities.includes(a.city)) return null;
  const period = a.period === null ? null : parsePeriod(a.period);
  if (a.period !== null && !period) return null;
  const metric = a.metric === null ? undefined : findMetric(a.metric);
  if (a.metric !== null && (!metric || (a.ledger !== null && metric.ledger !== a.ledger))) return null;
  if (a.intent === 'figure' && !metric) return null;
  const intent = a.intent as Reading['intent'];
  const ledger = metric?.ledger ?? a.ledger;
  const reading: Reading = {
    intent,
    ledger,
    period,
    county: a.county,
    city: a.city,
    filter: intent === 'unreported' ? (a.filter ?? 'unreported') : intent === 'export' ? a.filter : null,
    code: null,
    alternatives: [],
    figure:
      intent === 'figure' && metric
        ? {
            metrics: [metric.id],
            word: metric.name,
            measure: a.measure ?? 'actual',
            shape: a.shape ?? 'total',
            n: a.n,
            against: a.shape === 'change' ? (a.against ?? 'last_year') : null,
          }
        : null,
    named: {
      ledgers: ledger ? [ledger] : [],
      counties: a.county ? [a.county] : [],
      cities: a.city ? [a.city] : [],
      periods: period ? [period] : [],
    },
  };
  return { reading, sure: a.sure };
}
