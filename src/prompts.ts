// Every sentence the bot says lives in prompts/ (zh-CN); this renders one by its dotted key.
import messages from '../prompts/zh-CN.json' with { type: 'json' };
import type { PromptPlaceholders } from './prompt-keys.ts';

export type Params = Readonly<Record<string, string | number | null | undefined>>;
export type PromptKey = keyof PromptPlaceholders;
type Value = string | number | null | undefined;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/** A key's parameters: optional for a sentence without placeholders, else one value for each. A key
 *  chosen at run time among several (`state.${state}`) is checked for existence only. */
type ParamsFor<K extends PromptKey> =
  true extends IsUnion<K>
    ? [params?: Params]
    : [PromptPlaceholders[K]] extends [never]
      ? [params?: Params]
      : [params: Params & Readonly<Record<PromptPlaceholders[K], Value>>];

/** Renders "submit.saved" with {placeholders}; the key and the placeholders are checked by the
 *  typecheck (prompt-keys.ts is generated from the prompts). */
export function say<K extends PromptKey>(key: K, ...[params = {}]: ParamsFor<K>): string {
  const template = lookup(key);
  if (template === undefined) throw new Error(`no prompt for ${key}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** The sections of the prompts ("files.kind", "source", "reminder.log.state"). */
type PrefixesOf<K extends string> = K extends `${infer Head}.${infer Rest}`
  ? Head | `${Head}.${PrefixesOf<Rest>}`
  : never;
export type PromptSection = PrefixesOf<PromptKey>;

/** A sentence chosen by a code that comes with the data (a document kind, a problem code): the section
 *  is checked by the typecheck, the code when it is said (a missing one is a programming error). */
export function sayIn(section: PromptSection, code: string, params: Params = {}): string {
  return (say as (key: string, params?: Params) => string)(`${section}.${code}`, params);
}

function lookup(key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
