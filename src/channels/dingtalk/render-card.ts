// A neutral card → the cardParamMap of the one generic card template (TEMPLATE.md). DingTalk takes
// string values only, so every object is sent as a JSON string (platforms.md §7).
import type { Block, Button, Card, Input } from '../../conversation/model.ts';
import { type MarkdownOptions, renderBlocksMarkdown } from './render-markdown.ts';
import { ACTION_FIELD, VAR } from './template.ts';

type FormBlock = Extract<Block, { kind: 'form' }>;

/** One field of DingTalk's 表单变量 (form-variables: TEXT, DATE, SELECT, …). */
export interface FormField {
  name: string;
  label: string;
  type: 'TEXT' | 'DATE' | 'SELECT';
  required: boolean;
  placeholder?: string;
  /** TEXT and DATE: the text; SELECT: {index, value} as in the official form example. */
  defaultValue?: string | { index: number; value: string };
  options?: { value: string; text: string }[];
}

export interface TemplateButton {
  label: string;
  style: Button['style'];
  /** The neutral action as a JSON string: the template passes it back unchanged. */
  action: string;
}

/** True when the card needs the interactive template: something to fill in or press. */
export function isInteractive(card: Card): boolean {
  return card.blocks.some((b) => (b.kind === 'buttons' && b.buttons.length > 0) || b.kind === 'form');
}

export function renderCardParamMap(card: Card, options: MarkdownOptions = {}): Record<string, string> {
  const forms = card.blocks.filter((b): b is FormBlock => b.kind === 'form');
  // A template has one Form component: the first form is it; the submit buttons of any other form
  // become plain buttons (their inputs cannot be shown).
  const [form, ...otherForms] = forms;
  const submits = form ? submitButtons(form) : [];
  const buttons = [
    ...(form ? form.buttons.filter((b) => !submits.includes(b)) : []),
    ...otherForms.flatMap((f) => f.buttons),
    ...card.blocks.flatMap((b) => (b.kind === 'buttons' ? b.buttons : [])),
  ];
  const body = card.blocks.filter((b) => b.kind !== 'form' && b.kind !== 'buttons');
  const fields = form ? formFields(form, submits) : [];
  return {
    [VAR.title]: card.title,
    [VAR.subtitle]: card.subtitle ?? '',
    [VAR.tone]: card.tone,
    [VAR.markdown]: renderBlocksMarkdown(body, options).text,
    [VAR.hasForm]: String(fields.length > 0),
    [VAR.form]: JSON.stringify({ fields }),
    [VAR.formAction]: submits.length === 1 && submits[0] ? JSON.stringify(submits[0].action) : '',
    [VAR.formSubmitLabel]: submits.map((b) => b.label).join(' / '),
    [VAR.buttons]: JSON.stringify(buttons.map(templateButton)),
    [VAR.hasButtons]: String(buttons.length > 0),
    [VAR.error]: form ? errorMarkdown(form) : '',
  };
}

/** The buttons that submit the form; when none is marked, the first one (a form needs one). */
function submitButtons(form: FormBlock): Button[] {
  const marked = form.buttons.filter((b) => b.submit);
  if (marked.length > 0) return marked;
  return form.buttons.slice(0, 1);
}

function templateButton(button: Button): TemplateButton {
  return { label: button.label, style: button.style, action: JSON.stringify(button.action) };
}

function formFields(form: FormBlock, submits: readonly Button[]): FormField[] {
  const fields = form.sections.flatMap((section) =>
    section.inputs.map((input) => formField(input, section.title)),
  );
  if (submits.length > 1) {
    // Several submit buttons (confirm / return): one required choice whose values are their actions.
    fields.push({
      name: ACTION_FIELD,
      label: submits.map((b) => b.label).join(' / '),
      type: 'SELECT',
      required: true,
      options: submits.map((b) => ({ value: JSON.stringify(b.action), text: b.label })),
    });
  }
  return fields;
}

// Not required to DingTalk, marked with an asterisk instead: an empty required field is submitted and
// the bot names it in its words, together with the other errors of the same round.
function formField(input: Input, section: string | undefined): FormField {
  const label = section ? `${section}·${input.label}` : input.label;
  const base = {
    name: input.name,
    label: input.required ? `${label} *` : label,
    required: false,
    ...(input.placeholder ? { placeholder: input.placeholder } : {}),
  };
  switch (input.kind) {
    case 'text':
    case 'multiline':
    case 'number':
      // 表单变量 has no number or multi-line input: numbers are text, checked by the bot.
      return { ...base, type: 'TEXT', ...(input.value !== undefined ? { defaultValue: input.value } : {}) };
    case 'date':
      return { ...base, type: 'DATE', ...(input.value ? { defaultValue: input.value } : {}) };
    case 'select': {
      const options = input.options.map((o) => ({ value: o.value, text: o.label }));
      const index = input.options.findIndex((o) => o.value === input.value);
      return {
        ...base,
        type: 'SELECT',
        options,
        ...(index >= 0 ? { defaultValue: { index, value: input.options[index]?.value ?? '' } } : {}),
      };
    }
  }
}

/** Field errors after a failed submission: a form variable has no error slot, so they go above it. */
function errorMarkdown(form: FormBlock): string {
  return form.sections
    .flatMap((s) => s.inputs.flatMap((i) => (i.error ? [`- **${i.label}**：${i.error}`] : [])))
    .join('\n');
}
