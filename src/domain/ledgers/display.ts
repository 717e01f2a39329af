// How a stored value reads to a person: money in 万元 with 2 decimals, counts with their unit.
import { formatWan } from '../money.ts';
import type { FieldSpec } from './types.ts';

export function displayValue(
  field: FieldSpec | undefined,
  value: string | number | null | undefined,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!field || typeof value === 'string') return String(value);
  if (field.kind === 'money') return `${formatWan(value)}万元`;
  return field.unit ? `${value}${field.unit}` : String(value);
}
