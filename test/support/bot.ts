// Drives the real bot with console events against a real SQLite store, reading cards as a person would.

import type { BotDeps } from '../../src/bot/deps.ts';
import { dispatch } from '../../src/bot/dispatch.ts';
import { routeMessengers } from '../../src/bot/messengers.ts';
import type { Block, BotResponse, Button, Card, Input, Reply } from '../../src/bot/model.ts';
import { consoleMessenger } from '../../src/store/console-inbox.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { CONTACTS_CSV } from './demo-store.ts';

/** The console user id of a unit's demo contact. */
export function demoUser(kind: string, name: string): string {
  const line = CONTACTS_CSV.split('\n').find((l) => l.startsWith(`${kind},${name},`));
  const id = line?.split(',')[5];
  if (!id) throw new Error(`no demo contact for ${kind} ${name}`);
  return id;
}

export function consoleBot(store: SqliteStore, now: () => Date): BotDeps {
  return { store, now, messenger: routeMessengers({ console: consoleMessenger(store, now) }) };
}

let seq = 0;
export function say(deps: BotDeps, userId: string, text: string, group = false): Promise<BotResponse> {
  seq += 1;
  return dispatch(
    {
      kind: 'message',
      id: `m${seq}`,
      sender: { platform: 'console', userId },
      conversation: { id: group ? 'g1' : `p-${userId}`, kind: group ? 'group' : 'direct', mentioned: true },
      text,
    },
    deps,
  );
}

export function press(
  deps: BotDeps,
  userId: string,
  button: Button,
  form: Record<string, string> = {},
): Promise<BotResponse> {
  seq += 1;
  return dispatch(
    {
      kind: 'card_action',
      id: `a${seq}`,
      sender: { platform: 'console', userId },
      conversation: { id: `p-${userId}`, kind: 'direct', mentioned: false },
      action: button.action,
      form,
    },
    deps,
  );
}

export function cardOf(reply: Reply | undefined): Card {
  if (reply?.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(reply)}`);
  return reply.card;
}

export function textOf(card: Card): string {
  return card.blocks
    .flatMap((b: Block) =>
      b.kind === 'text' || b.kind === 'note'
        ? [b.text]
        : b.kind === 'fields'
          ? b.fields.map((f) => `${f.label}：${f.value}`)
          : [],
    )
    .join('\n');
}

export function formOf(card: Card): Extract<Block, { kind: 'form' }> {
  const form = card.blocks.find((b): b is Extract<Block, { kind: 'form' }> => b.kind === 'form');
  if (!form) throw new Error(`no form in card ${card.title}`);
  return form;
}

export function inputsOf(card: Card): Input[] {
  return formOf(card).sections.flatMap((s) => s.inputs);
}

export function buttonLabelled(card: Card, label: string): Button {
  const buttons = card.blocks.flatMap((b) => (b.kind === 'buttons' || b.kind === 'form' ? b.buttons : []));
  const button = buttons.find((b) => b.label.includes(label));
  if (!button) throw new Error(`no button “${label}” in ${buttons.map((b) => b.label).join(', ')}`);
  return button;
}

/** The echo line every answer starts with ("2023年第一季度 · 附件2 省直定点帮扶 · 十堰市"). */
export const ABOUT_LINE = /^(\d{4}年(第.季度|度)|全部期间)(（当前报送期）)? · .+ · .+$/;

/** An answer without its echo line: what the answer itself says. */
export function withoutAbout(text: string): string {
  return text
    .split('\n')
    .filter((line) => !ABOUT_LINE.test(line))
    .join('\n');
}
