// A card form's inputs as the neutral event carries them: every value a string. Platforms send
// selects as {index, value} or the value alone, multi-selects as lists, numbers as numbers, and Feishu
// dates as "2023-03-10 +0800"; a platform passes how it writes a plain string.
export function formValue(value: unknown, text: (value: string) => string = (v) => v): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => formValue(item, text)).join(',');
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'value' in value)
    return formValue((value as { value: unknown }).value, text);
  return JSON.stringify(value);
}

export function formValues(
  values: Record<string, unknown>,
  text?: (value: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(values)) out[key] = formValue(item, text);
  return out;
}
