// A neutral form block → a real HTML form. Submit buttons post the form's values with their action
// (as Feishu's form container does); the other buttons post their action alone.
import type { Block, Input } from '../../conversation/model.ts';
import { type Html, html } from '../../http/html.ts';
import { say } from '../../prompts.ts';
import { renderButton } from './render-button.ts';

type FormBlock = Extract<Block, { kind: 'form' }>;

export function renderForm(block: FormBlock, id: string): Html {
  // As on Feishu: the first button submits when none is marked.
  const anySubmit = block.buttons.some((b) => b.submit);
  const isSubmit = (i: number) => block.buttons[i]?.submit === true || (!anySubmit && i === 0);
  return html`<form class="card-form" data-form="${block.name}">
${block.sections.map(
  (section, s) =>
    html`<fieldset>${section.title ? html`<legend>${section.title}</legend>` : ''}${section.inputs.map(
      (input, i) => renderInput(input, `${id}-s${s}i${i}`),
    )}</fieldset>`,
)}
<div class="buttons">${block.buttons.map((b, i) => renderButton(b, isSubmit(i) ? 'submit' : 'button'))}</div>
</form>`;
}

function renderInput(input: Input, id: string): Html {
  const errorId = `${id}-err`;
  const described = input.error ? html` aria-invalid="true" aria-describedby="${errorId}"` : '';
  // aria-required, not required: an empty field is the bot's to name in its words, not the browser's bubble.
  const required = input.required ? html` aria-required="true"` : '';
  const placeholder = input.placeholder ? html` placeholder="${input.placeholder}"` : '';
  const label = html`<label for="${id}">${input.label}${
    input.required ? html`<span class="req" aria-hidden="true">*</span>` : ''
  }</label>`;
  const error = input.error ? html`<p class="field-error" id="${errorId}">${input.error}</p>` : '';
  const common = html`id="${id}" name="${input.name}"${required}${described}`;
  let control: Html;
  switch (input.kind) {
    case 'text':
    case 'number': {
      const max = input.maxLength !== undefined ? html` maxlength="${input.maxLength}"` : '';
      const mode = input.kind === 'number' ? html` inputmode="decimal"` : '';
      control = html`<input type="text" ${common} value="${input.value ?? ''}"${placeholder}${max}${mode}>`;
      break;
    }
    case 'multiline': {
      const max = input.maxLength !== undefined ? html` maxlength="${input.maxLength}"` : '';
      control = html`<textarea ${common} rows="3"${placeholder}${max}>${input.value ?? ''}</textarea>`;
      break;
    }
    case 'select':
      control = html`<select ${common}><option value="">${input.placeholder ?? say('console.choose')}</option>${input.options.map(
        (o) =>
          html`<option value="${o.value}"${o.value === input.value ? html` selected` : ''}>${o.label}</option>`,
      )}</select>`;
      break;
    case 'date':
      control = html`<input type="date" ${common} value="${input.value ?? ''}">`;
      break;
  }
  return html`<div class="field${input.error ? ' has-error' : ''}${input.kind === 'multiline' ? ' wide' : ''}">${label}${control}${error}</div>`;
}
