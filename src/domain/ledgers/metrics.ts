// The figures a question can ask for, derived from the declarations: every money or count field that is
// not itself a plan (an actual figure carries its plan with it, so "完成计划" is actual ÷ planned), and
// every header group whose figures share a unit and are not already a declared sum (消费帮扶 = 购买 +
// 帮助销售). Each is called by its label, the label without 计划/实际 and its leading verb (选派挂职干部
// → 挂职干部), the label's declared variants and the field's chat terms.
import { LEDGERS } from './index.ts';
import { labelsOf } from './labels.ts';
import type { FieldSpec, LedgerId, LedgerSpec, Unit } from './types.ts';

export interface MetricPart {
  actual: string;
  /** The key of its planned figure, when the ledger declares one. */
  planned: string | null;
}

export interface Metric {
  /** `a2.fundsActual`, or `a2.消费帮扶` for a group. */
  id: string;
  ledger: LedgerId;
  /** What answers call it: the label without 实际, or the group's header. */
  name: string;
  kind: 'money' | 'count';
  unit: Unit | null;
  parts: readonly MetricPart[];
  /** Every part is a year-to-date figure (the quarterly ledgers' 本年度数据). */
  cumulative: boolean;
  /** The words it is asked by, without 计划/实际 (those choose the measure, not the figure). */
  words: readonly string[];
}

/** Words that say which of a figure's measures is meant, not which figure. */
export const MEASURE_WORDS = /计划|实际/g;
// Verbs a label starts with that people leave out: 选派挂职干部 is asked as 挂职干部.
const LEADING_VERBS = /^(选派|实施|开展|帮助|召开|引导|其中用于)/;
const SHORTEST_WORD = 3;
const SHORTEST_IN_GROUP = 4;

function isNumeric(field: FieldSpec): boolean {
  return field.kind === 'money' || field.kind === 'count';
}

/** The words a label is asked by: whole, without 计划/实际 and brackets, then without a leading verb. */
function labelWords(label: string): string[] {
  const bare = label.replace(MEASURE_WORDS, '');
  const words = [bare, bare.replace(/[(（][^)）]*[)）]/g, '')];
  for (let word = words[1] ?? bare; LEADING_VERBS.test(word); ) {
    word = word.replace(LEADING_VERBS, '');
    words.push(word);
  }
  return words;
}

function fieldMetric(ledger: LedgerSpec, field: FieldSpec, planned: FieldSpec | undefined): Metric {
  const shortest = field.group ? SHORTEST_IN_GROUP : SHORTEST_WORD;
  const derived = [...labelsOf(field), ...(planned ? labelsOf(planned) : [])]
    .flatMap(labelWords)
    .filter((w) => w.length >= shortest);
  return {
    id: `${ledger.id}.${field.key}`,
    ledger: ledger.id,
    name: field.label.replace(/^实际/, ''),
    kind: field.kind === 'money' ? 'money' : 'count',
    unit: field.unit ?? null,
    parts: [{ actual: field.key, planned: planned?.key ?? null }],
    cumulative: field.cumulative === true,
    words: unique([...derived, ...(field.terms ?? [])]),
  };
}

function metricsOf(ledger: LedgerSpec): Metric[] {
  const plans = new Set(ledger.fields.flatMap((f) => (f.planKey ? [f.planKey] : [])));
  const figures = ledger.fields.filter((f) => isNumeric(f) && !plans.has(f.key));
  const byKey = new Map(ledger.fields.map((f) => [f.key, f]));
  const fields = figures.map((f) => fieldMetric(ledger, f, f.planKey ? byKey.get(f.planKey) : undefined));
  // A group already declared as the parts of a total (附件2's five kinds of training) is that total.
  const summed = new Set(ledger.checks.flatMap((c) => (c.kind === 'sum' ? c.parts : [])));
  const groups = unique(figures.flatMap((f) => (f.group ? [f.group] : []))).flatMap((group): Metric[] => {
    const members = figures.filter((f) => f.group === group);
    const first = members[0];
    if (!first || members.length < 2 || members.every((f) => summed.has(f.key))) return [];
    if (members.some((f) => f.unit !== first.unit || f.kind !== first.kind)) return [];
    return [
      {
        id: `${ledger.id}.${group}`,
        ledger: ledger.id,
        name: group,
        kind: first.kind === 'money' ? 'money' : 'count',
        unit: first.unit ?? null,
        parts: members.map((f) => ({ actual: f.key, planned: f.planKey ?? null })),
        cumulative: members.every((f) => f.cumulative === true),
        words: unique(labelWords(group).filter((w) => w.length >= 2)),
      },
    ];
  });
  return [...fields, ...groups];
}

export const METRICS: readonly Metric[] = LEDGERS.flatMap(metricsOf);

const BY_ID = new Map(METRICS.map((m) => [m.id, m]));

export function findMetric(id: string): Metric | undefined {
  return BY_ID.get(id);
}

/** The ledgers a figure is asked of when none is named: the quarterly ledgers of work done. */
export const FIGURE_LEDGERS: readonly LedgerId[] = LEDGERS.filter(
  (l) => l.cadence === 'quarterly' && METRICS.some((m) => m.ledger === l.id),
).map((l) => l.id);

/** Whether every part of a metric has a plan, so its planned figure and completion can be given. */
export function hasPlan(metric: Metric): boolean {
  return metric.parts.every((p) => p.planned !== null);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
