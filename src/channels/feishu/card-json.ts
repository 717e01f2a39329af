// Small builders for Feishu Card JSON 2.0 pieces shared by the renderers.
import type { Button, Tone } from '../../conversation/model.ts';

/** One Card JSON 2.0 component: an open object with a `tag`. */
export type CardElement = { tag: string } & Record<string, unknown>;

export interface FeishuCard {
  schema: '2.0';
  header: {
    title: { tag: 'plain_text'; content: string };
    subtitle?: { tag: 'plain_text'; content: string };
    template: string;
  };
  body: { elements: CardElement[] };
}

export const TONE_TEMPLATE: Record<Tone, string> = {
  info: 'blue',
  success: 'green',
  warning: 'orange',
  danger: 'red',
};

export function plainText(content: string): { tag: 'plain_text'; content: string } {
  return { tag: 'plain_text', content };
}

export function markdown(content: string, textSize?: 'notation'): CardElement {
  return textSize ? { tag: 'markdown', content, text_size: textSize } : { tag: 'markdown', content };
}

/** Grey, small text: JSON 2.0 dropped the 1.0 `note` tag. */
export function noteElement(text: string): CardElement {
  return markdown(`<font color='grey'>${text}</font>`, 'notation');
}

export function errorElement(text: string): CardElement {
  return markdown(`<font color='red'>${text}</font>`, 'notation');
}

export function buttonElement(button: Button, extra: Record<string, unknown> = {}): CardElement {
  return {
    tag: 'button',
    text: plainText(button.label),
    type: button.style,
    behaviors: [{ type: 'callback', value: button.action }],
    ...extra,
  };
}

/** Several buttons side by side (wrapping on narrow screens); JSON 2.0 has no `action` module. */
export function buttonRow(buttons: CardElement[]): CardElement[] {
  if (buttons.length <= 1) return buttons;
  return [
    {
      tag: 'column_set',
      flex_mode: 'flow',
      horizontal_spacing: '8px',
      columns: buttons.map((button) => ({ tag: 'column', width: 'auto', elements: [button] })),
    },
  ];
}

/** Hands out names unique across one card (form, inputs and form buttons share one namespace). */
export function createNameRegistry(): (wanted: string) => string {
  const used = new Set<string>();
  return (wanted) => {
    let name = wanted;
    for (let n = 2; used.has(name); n += 1) name = `${wanted}_${n}`;
    used.add(name);
    return name;
  };
}
