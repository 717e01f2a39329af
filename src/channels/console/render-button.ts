// A button carries its action as a JSON attribute; the page posts it back as the card action.
import type { Button } from '../../conversation/model.ts';
import { type Html, html, jsonAttr } from '../../http/html.ts';

export function renderButton(button: Button, type: 'button' | 'submit'): Html {
  return html`<button type="${type}" class="btn btn-${button.style}" data-action="${jsonAttr(
    button.action,
  )}">${button.label}</button>`;
}
