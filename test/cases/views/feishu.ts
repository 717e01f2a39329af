// What the Feishu fake recorded (GET /__test/sent) → what the person was shown. Runtime-free: it reads
// Card JSON 2.0 and message bodies only, the way the Feishu client would draw them.
import { type Answer, plainLines, type Shown, type ShownButton, type ShownInput } from '../harness.ts';

/** The part of the fake's state this view reads. */
export interface FeishuSentState {
  messages: { receiveIdType: string; receiveId: string; msgType: string; content: unknown }[];
  batchGetIdCalls: string[][];
  requests: { path: string }[];
}

/** What a Feishu button press carries back: the button's callback value. */
export interface FeishuButtonHandle {
  value: Record<string, string>;
}

type Json = Record<string, unknown>;

/** Messages to any of the given chats or users, oldest first. */
export function feishuSent(
  state: FeishuSentState,
  to: { chatIds?: readonly string[]; openIds?: readonly string[] },
): Shown[] {
  return state.messages
    .filter(
      (m) =>
        (m.receiveIdType === 'chat_id' && (to.chatIds ?? []).includes(m.receiveId)) ||
        (m.receiveIdType === 'open_id' && (to.openIds ?? []).includes(m.receiveId)),
    )
    .map((m) => showFeishuMessage(m.msgType, m.content));
}

export function showFeishuMessage(msgType: string, content: unknown): Shown {
  if (msgType === 'text') {
    const text = String((content as { text?: unknown } | null)?.text ?? '');
    return { kind: 'text', title: '', text, buttons: [], inputs: [] };
  }
  return showFeishuCard(content);
}

export function showFeishuCard(card: unknown): Shown {
  const root = (card ?? {}) as Json;
  const header = (root.header ?? {}) as { title?: { content?: string }; subtitle?: { content?: string } };
  const lines: string[] = header.subtitle?.content ? [header.subtitle.content] : [];
  const buttons: ShownButton[] = [];
  const inputs: ShownInput[] = [];
  walk((root.body as Json | undefined)?.elements, (node) => {
    switch (node.tag) {
      case 'markdown':
        lines.push(plainLines(String(node.content ?? '')));
        break;
      case 'table':
        for (const row of (node.rows as Json[] | undefined) ?? []) lines.push(Object.values(row).join(' '));
        break;
      case 'button': {
        const behaviors = (node.behaviors as { value?: Record<string, string> }[] | undefined) ?? [];
        buttons.push({
          label: String((node.text as { content?: string } | undefined)?.content ?? ''),
          submitsForm: node.form_action_type === 'submit',
          handle: { value: behaviors[0]?.value ?? {} } satisfies FeishuButtonHandle,
        });
        break;
      }
      case 'input':
        inputs.push({ name: String(node.name), value: String(node.default_value ?? '') });
        break;
      case 'select_static':
        inputs.push({ name: String(node.name), value: String(node.initial_option ?? '') });
        break;
      case 'date_picker':
        inputs.push({ name: String(node.name), value: String(node.initial_date ?? '') });
        break;
    }
  });
  return { kind: 'card', title: header.title?.content ?? '', text: lines.join('\n'), buttons, inputs };
}

/** Depth-first, in document order; does not descend into a component's own text objects. */
function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    const record = node as Json;
    if (typeof record.tag === 'string') visit(record);
    for (const key of ['elements', 'columns']) walk(record[key], visit);
  }
}

const TONES = { success: 'success', error: 'danger', warning: 'warning', info: 'info' } as const;

/** The card.action.trigger answer: `{toast: {type, content}, card: {type: 'raw', data}}`. */
export function feishuAnswer(status: number, body: unknown): Answer {
  const answer = (body ?? {}) as {
    toast?: { type?: keyof typeof TONES; content?: string };
    card?: { type?: string; data?: unknown };
  };
  return {
    status,
    ...(answer.toast
      ? { toast: { tone: TONES[answer.toast.type ?? 'info'] ?? 'info', text: answer.toast.content ?? '' } }
      : {}),
    // Feishu replaces the card only with a card of `type: 'raw'` (or a template); nothing else shows.
    ...(answer.card?.type === 'raw' && answer.card.data ? { card: showFeishuCard(answer.card.data) } : {}),
  };
}
