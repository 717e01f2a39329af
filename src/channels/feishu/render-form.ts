// A neutral form block → a Card JSON 2.0 `form` container (plus any non-submit buttons after it).
import type { Block, Input } from '../../conversation/model.ts';
import {
  buttonElement,
  buttonRow,
  type CardElement,
  errorElement,
  markdown,
  plainText,
} from './card-json.ts';
import { feishuText } from './inert.ts';

type FormBlock = Extract<Block, { kind: 'form' }>;

export function renderForm(block: FormBlock, uniqueName: (wanted: string) => string): CardElement[] {
  const formName = uniqueName(block.name);
  const elements: CardElement[] = [];
  for (const section of block.sections) {
    if (section.title) elements.push(markdown(`**${feishuText(section.title)}**`));
    for (const input of section.inputs) elements.push(...renderInput(input, uniqueName));
  }
  // Feishu rejects a form without a submit button; promote the first button when none is marked.
  const anySubmit = block.buttons.some((button) => button.submit);
  const submits = block.buttons.filter((button, i) => button.submit || (!anySubmit && i === 0));
  const others = block.buttons.filter((button) => !submits.includes(button));
  const submitElements = submits.map((button, i) =>
    buttonElement(button, { name: uniqueName(`${formName}_submit_${i + 1}`), form_action_type: 'submit' }),
  );
  elements.push(...buttonRow(submitElements));
  // Plain callback buttons go after the form: inside it every button needs a form_action_type.
  return [
    { tag: 'form', name: formName, elements },
    ...buttonRow(others.map((button) => buttonElement(button))),
  ];
}

// Every input goes out with required: false, marked with an asterisk instead: an empty required field
// is then submitted and answered by the bot in its words, beside the other errors of the same round,
// rather than stopped by the Feishu client's own prompt.
function renderInput(input: Input, uniqueName: (wanted: string) => string): CardElement[] {
  const name = uniqueName(input.name);
  const required = false;
  const placeholder = input.placeholder ? { placeholder: plainText(input.placeholder) } : {};
  const error = input.error ? [errorElement(feishuText(input.error))] : [];
  switch (input.kind) {
    case 'text':
    case 'number':
    case 'multiline': {
      // There is no numeric input type: numbers are text inputs, checked on the server.
      const element: CardElement = {
        tag: 'input',
        name,
        required,
        label: plainText(input.required ? `${input.label} *` : input.label),
        label_position: 'top',
        input_type: input.kind === 'multiline' ? 'multiline_text' : 'text',
        ...placeholder,
      };
      if (input.value !== undefined) element.default_value = input.value;
      if (input.maxLength !== undefined) element.max_length = input.maxLength;
      return [element, ...error];
    }
    case 'select': {
      const element: CardElement = {
        tag: 'select_static',
        name,
        required,
        options: input.options.map((option) => ({ text: plainText(option.label), value: option.value })),
        ...placeholder,
      };
      if (input.value !== undefined) element.initial_option = input.value;
      return [labelElement(input.label, input.required), element, ...error];
    }
    case 'date': {
      const element: CardElement = { tag: 'date_picker', name, required, ...placeholder };
      if (input.value !== undefined) element.initial_date = input.value;
      return [labelElement(input.label, input.required), element, ...error];
    }
  }
}

/** select_static and date_picker have no `label` property: the label is a markdown line above. */
function labelElement(label: string, required: boolean): CardElement {
  const text = feishuText(label);
  return markdown(required ? `**${text}** <font color='red'>*</font>` : `**${text}**`);
}
