// Derives the zod schema of a sheet from a ledger declaration. Every field is parsed by one
// transform so that every failure becomes a Problem with a known code and the attachment's label.
import { z } from 'zod';
import { isValidDate } from '../clock.ts';
import { parseCount, parseWan } from '../money.ts';
import type { Problem } from '../problem.ts';
import { type FieldSpec, type LedgerSpec, REPORTER_FIELD, type RowValues } from './types.ts';

export interface Sheet {
  reporter: string;
  rows: RowValues[];
}

type Value = string | number | null;

const MAX_ROWS = 500;

export function sheetSchema(ledger: LedgerSpec) {
  return z.preprocess(
    (sheet) => (typeof sheet === 'object' && sheet !== null ? { reporter: null, ...sheet } : sheet),
    z.object({
      reporter: fieldSchema(REPORTER_FIELD),
      rows: z.array(rowSchema(ledger)).max(MAX_ROWS),
    }),
  );
}

export function rowSchema(ledger: LedgerSpec) {
  const typed = ledger.fields.filter((f) => !f.fromContext);
  const shape = Object.fromEntries(typed.map((f) => [f.key, fieldSchema(f)]));
  // Absent keys become null first, so every field's own parser decides (required, or blank → null).
  const blanks = Object.fromEntries(typed.map((f) => [f.key, null]));
  return z.preprocess(
    (row) => (typeof row === 'object' && row !== null && !Array.isArray(row) ? { ...blanks, ...row } : row),
    z.object(shape).strict(),
  );
}

function fieldSchema(field: FieldSpec) {
  return z.unknown().transform((input, ctx): Value => {
    const result = parseField(field, input);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.code, params: { ...result.params } });
    return z.NEVER;
  });
}

type FieldResult =
  | { ok: true; value: Value }
  | { ok: false; code: Problem['code']; params?: Record<string, string | number> };

/** Parses one typed value: blank → null (or "required"), money → integer 元, count → integer. */
export function parseField(field: FieldSpec, input: unknown): FieldResult {
  if (input === undefined || input === null || (typeof input === 'string' && input.trim() === '')) {
    return field.required ? { ok: false, code: 'required' } : { ok: true, value: null };
  }
  if (typeof input !== 'string' && typeof input !== 'number') {
    // A list, an object or true/false where one value belongs: say what was expected and what came.
    return { ok: false, code: 'type_invalid', params: { expected: field.kind, type: typeOf(input) } };
  }
  const got = String(input).slice(0, 40);
  switch (field.kind) {
    case 'money': {
      const parsed = parseWan(input);
      return parsed.ok
        ? parsed
        : { ok: false, code: 'money_invalid', params: { got, reason: parsed.problem } };
    }
    case 'count': {
      const parsed = parseCount(input);
      return parsed.ok
        ? parsed
        : {
            ok: false,
            code: 'count_invalid',
            params: { got, reason: parsed.problem, unit: field.unit ?? '' },
          };
    }
    case 'choice': {
      const text = String(input).trim();
      const choices = field.choices ?? [];
      return choices.includes(text)
        ? { ok: true, value: text }
        : { ok: false, code: 'choice_invalid', params: { got, choices: choices.join('、') } };
    }
    case 'date': {
      const date = normaliseDate(String(input));
      return date ? { ok: true, value: date } : { ok: false, code: 'date_invalid', params: { got } };
    }
    case 'text': {
      if (typeof input !== 'string') return { ok: true, value: String(input) };
      const text = input.trim().replace(/\s+/g, ' ');
      const max = field.maxLength ?? 200;
      const length = [...text].length;
      if (length > max) return { ok: false, code: 'text_too_long', params: { max, length } };
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
      if (/[\u0000-\u001f\u007f]/.test(text)) return { ok: false, code: 'text_invalid' };
      return { ok: true, value: text };
    }
  }
}

/** The kind of a value that is neither text nor a number, as problem params name it. */
function typeOf(input: unknown): 'list' | 'object' | 'boolean' | 'other' {
  if (Array.isArray(input)) return 'list';
  if (typeof input === 'boolean') return 'boolean';
  return typeof input === 'object' ? 'object' : 'other';
}

/** Accepts 2023-03-15, 2023/3/15, 2023.3.15 and 2023年3月15日. */
export function normaliseDate(text: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!match) return null;
  const date = `${match[1]}-${(match[2] ?? '').padStart(2, '0')}-${(match[3] ?? '').padStart(2, '0')}`;
  return isValidDate(date) ? date : null;
}

/** Maps zod issues of a sheet to Problems naming the row and the attachment's label. */
export function problemsOf(ledger: LedgerSpec, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const [first, second, third] = issue.path;
    if (first === 'reporter') return withField(REPORTER_FIELD, issueCode(issue), issueParams(issue));
    if (first === 'rows' && typeof second === 'number') {
      if (issue.code === 'unrecognized_keys') {
        return { code: 'unknown_field', row: second + 1, params: { keys: issue.keys.join('、') } };
      }
      const field = ledger.fields.find((f) => f.key === third);
      if (field) return { ...withField(field, issueCode(issue), issueParams(issue)), row: second + 1 };
      return { code: 'rows_invalid', row: second + 1, params: { max: MAX_ROWS } };
    }
    if (issue.code === 'unrecognized_keys')
      return { code: 'unknown_field', params: { keys: issue.keys.join('、') } };
    return { code: 'rows_invalid', params: { max: MAX_ROWS } };
  });
}

function withField(
  field: FieldSpec,
  code: Problem['code'],
  params: Record<string, string | number>,
): Problem {
  return { code, field: field.key, label: field.label, params };
}

function issueCode(issue: z.core.$ZodIssue): Problem['code'] {
  return issue.code === 'custom' ? (issue.message as Problem['code']) : 'rows_invalid';
}

function issueParams(issue: z.core.$ZodIssue): Record<string, string | number> {
  return issue.code === 'custom' ? ((issue.params ?? {}) as Record<string, string | number>) : {};
}
