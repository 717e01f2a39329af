// GET /console: pick a demo contact, then chat. The page is server-rendered; console.js posts
// messages and card actions, draws the replies the API renders, and polls the contact's mailbox.
import { type Html, html } from '../../http/html.ts';
import { renderPage } from '../../http/page.ts';
import { say } from '../../prompts.ts';
import type { ConsoleClock, ConsoleContact, ContactGroup } from './deps.ts';
import { beijingInput, beijingText } from './time.ts';

export interface ConsolePageInput {
  groups: ContactGroup[];
  selected: ConsoleContact | null;
  clock: ConsoleClock | null;
  demo: boolean;
  /** The session's token, which console.js sends with every change it asks for (csrf.ts). */
  token: string;
}

export function renderConsolePage(input: ConsolePageInput): string {
  const { groups, selected, clock } = input;
  const body = html`<div class="console">
<aside class="side">
  <section class="panel" aria-labelledby="who-h">
    <h2 id="who-h">${say('console.whoTitle')}</h2>
    <label for="who">${say('console.whoLabel')}</label>
    <select id="who" name="as">
      <option value=""${selected ? '' : html` selected`}>${say('console.whoPlaceholder')}</option>
      ${groups.map(
        (g) =>
          html`<optgroup label="${g.label}">${g.contacts.map(
            (c) =>
              html`<option value="${c.userId}" data-name="${c.name}" data-unit="${c.unit}" data-kind="${c.unitKind}"${
                c.userId === selected?.userId ? html` selected` : ''
              }>${c.unit} · ${c.name}</option>`,
          )}</optgroup>`,
      )}
    </select>
    <p class="hint">${say('console.whoHint')}</p>
  </section>
  ${clock ? renderClock(clock) : ''}
  <section class="panel" aria-labelledby="quick-h">
    <h2 id="quick-h">${say('console.quickTitle')}</h2>
    <div class="chips">${say('console.quickCommands')
      .split('|')
      .map((t) => html`<button type="button" class="chip" data-say="${t}">${t}</button>`)}</div>
  </section>
</aside>
<section class="chat" aria-labelledby="chat-title">
  <header class="chat-head">
    <h1 id="chat-title">${selected ? `${selected.unit} · ${selected.name}` : say('console.chatTitle')}</h1>
    <p id="chat-sub">${selected ? selected.unitKind : say('console.chatSubtitle')}</p>
  </header>
  <div id="log" class="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0">
    <p class="log-empty">${say('console.welcome')}</p>
  </div>
  <form id="composer" class="composer" autocomplete="off">
    <label for="text" class="sr-only">${say('console.inputLabel')}</label>
    <input id="text" class="composer-input" name="text" type="text" maxlength="500" placeholder="${say('console.inputPlaceholder')}"${
      selected ? '' : html` disabled`
    }>
    <button type="submit" class="btn btn-primary"${selected ? '' : html` disabled`}>${say('console.send')}</button>
  </form>
</section>
</div>
<div id="toasts" class="toasts" role="status" aria-live="polite"></div>
<noscript><p class="noscript">${say('console.noScript')}</p></noscript>`;
  return renderPage({
    title: say('console.title'),
    active: 'console',
    body,
    styles: ['console.css'],
    scripts: ['chart.umd.js', 'charts.js', 'console.js', ...(clock ? ['clock.js'] : [])],
    dataset: {
      'user-id': selected?.userId ?? '',
      'error-text': say('console.networkError'),
      'switched-text': say('console.switched', { who: '{who}' }),
      'console-token': input.token,
    },
    demo: input.demo,
  });
}

function renderClock(clock: ConsoleClock): Html {
  const now = clock.now();
  return html`<section class="panel clock" aria-labelledby="clock-h">
    <h2 id="clock-h">${say('console.clockTitle')}</h2>
    <p class="clock-now"><time id="clock-now" datetime="${now.toISOString()}">${beijingText(now)}</time>
      <span class="muted">${say('console.beijingTime')}</span>
      <span id="clock-moved" class="tag"${clock.moved() ? '' : html` hidden`}>${say('console.clockMoved')}</span></p>
    <form id="clock-form" class="clock-form">
      <label for="clock-at">${say('console.clockLabel')}</label>
      <div class="row"><input id="clock-at" name="at" type="datetime-local" required value="${beijingInput(now)}">
      <button type="submit" class="btn btn-default">${say('console.clockSet')}</button></div>
    </form>
    <div class="chips">${say('console.clockPresets')
      .split('|')
      .map((preset) => {
        const [at = '', label = ''] = preset.split('=');
        return html`<button type="button" class="chip" data-clock="${at}">${label}</button>`;
      })}</div>
    <div class="row">
      <button type="button" id="sweep" class="btn btn-primary">${say('console.sweep')}</button>
      <button type="button" id="clock-reset" class="btn btn-default">${say('console.clockReset')}</button>
    </div>
    <p class="hint">${say('console.clockHint')}</p>
  </section>`;
}
