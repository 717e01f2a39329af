// Every sentence the bot says lives in prompts/ (zh-CN); this renders one by its dotted key.
import messages from '../prompts/zh-CN.json' with { type: 'json' };

export type Params = Readonly<Record<string, string | number | null | undefined>>;

/** Renders "submit.saved" with {placeholders}; an unknown key is a programming error. */
export function say(key: string, params: Params = {}): string {
  const template = lookup(key);
  if (template === undefined) throw new Error(`no prompt for ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

function lookup(key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
