// The form card for one row of a sheet, derived from the ledger declaration: inputs grouped under
// the attachment's group headers, units in the labels, values prefilled, errors beside their field.

import { actionValue, REPORTER_INPUT } from '../../conversation/actions.ts';
import type { Card, FormSection, Input } from '../../conversation/model.ts';
import { displayValue } from '../../domain/ledgers/display.ts';
import {
  type FieldSpec,
  type LedgerSpec,
  REPORTER_FIELD,
  type RowValues,
} from '../../domain/ledgers/types.ts';
import { yuanToWanText } from '../../domain/money.ts';
import { say } from '../../prompts.ts';

export interface RowFormInput {
  ledger: LedgerSpec;
  period: string;
  countyId: string;
  countyName: string;
  /** The key of the row being edited; '' for a new row. */
  rowKey: string;
  /** Values to show: stored values (money in 元) or, after a failed submission, what was typed. */
  values: Record<string, string | number | null>;
  /** True when `values` are what the person typed (strings), not stored figures. */
  typed?: boolean;
  reporter: string;
  errors?: Record<string, string>;
  /** Problems not tied to one field (rule findings across rows, scope). */
  messages?: string[];
}

export function rowFormCard(input: RowFormInput): Card {
  const { ledger } = input;
  const sections: FormSection[] = [];
  for (const field of ledger.fields) {
    if (field.fromContext) continue;
    const title = field.group ?? '';
    const last = sections[sections.length - 1];
    const section = last && (last.title ?? '') === title ? last : { title: title || undefined, inputs: [] };
    if (section !== last) sections.push(section);
    section.inputs.push(inputFor(field, input));
  }
  sections.push({
    inputs: [
      inputFor(REPORTER_FIELD, { ...input, values: { [REPORTER_FIELD.key]: input.reporter }, typed: true }),
    ],
  });
  const base = { l: ledger.id, p: input.period, c: input.countyId };
  return {
    title: say('card.form.title', { period: input.period, ledger: ledger.title }),
    subtitle: say(ledger.reconstructed ? 'card.form.subtitleReconstructed' : 'card.form.subtitle', {
      county: input.countyName,
      attachment: ledger.attachment ?? '',
    }),
    tone: input.errors || input.messages?.length ? 'warning' : 'info',
    blocks: [
      ...(input.messages?.length ? [{ kind: 'text' as const, text: input.messages.join('\n') }] : []),
      {
        kind: 'form',
        name: `f_${ledger.id}`,
        sections,
        buttons: [
          {
            label: say('card.form.submit'),
            style: 'primary',
            submit: true,
            action: actionValue({ op: 'save', ...base, r: input.rowKey }),
          },
        ],
      },
      ...(ledger.notes.length > 0 ? [{ kind: 'note' as const, text: ledger.notes.join('\n') }] : []),
    ],
  };
}

function inputFor(field: FieldSpec, input: RowFormInput): Input {
  const name = field === REPORTER_FIELD ? REPORTER_INPUT : field.key;
  const raw = input.values[field.key];
  const value =
    raw === null || raw === undefined
      ? undefined
      : input.typed || typeof raw === 'string'
        ? String(raw)
        : shown(field, raw);
  const label = field.unit ? `${field.label}（${field.unit}）` : field.label;
  const error = input.errors?.[field.key];
  const common = { name, label, required: field.required, value, ...(error ? { error } : {}) };
  switch (field.kind) {
    case 'choice':
      return {
        ...common,
        kind: 'select',
        options: (field.choices ?? []).map((c) => ({ value: c, label: c })),
      };
    case 'date':
      return { ...common, kind: 'date' };
    case 'money':
      return { ...common, kind: 'number', placeholder: say('card.form.moneyPlaceholder') };
    case 'count':
      return {
        ...common,
        kind: 'number',
        placeholder: say('card.form.countPlaceholder', { unit: field.unit ?? '' }),
      };
    case 'text':
      return {
        ...common,
        kind: (field.maxLength ?? 0) > 60 ? 'multiline' : 'text',
        maxLength: field.maxLength,
      };
  }
}

function shown(field: FieldSpec, value: number): string {
  return field.kind === 'money' ? yuanToWanText(value) : String(value);
}

/** Read-only lines "label：value" for a stored row. */
export function rowFields(ledger: LedgerSpec, row: RowValues): { label: string; value: string }[] {
  return ledger.fields
    .filter((f) => !f.fromContext)
    .map((f) => ({ label: f.group ? `${f.group}·${f.label}` : f.label, value: displayValue(f, row[f.key]) }));
}
