// The console page: posts messages and card actions to /console/api/…, inserts the replies the
// server rendered (already escaped there), replaces a card on update, shows toasts, and polls the
// chosen contact's mailbox for reminders and other messages the bot sends them.
(() => {
  const body = document.body;
  const log = document.getElementById('log');
  const who = document.getElementById('who');
  const composer = document.getElementById('composer');
  const input = document.getElementById('text');
  const toasts = document.getElementById('toasts');
  const state = { userId: body.dataset.userId || '', since: '', lastNow: '', seen: new Set(), generation: 0 };
  let polling = false;

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      // The session's token from the page: another site can neither read it nor send it (csrf.ts).
      headers: { 'Content-Type': 'application/json', 'X-Console-Token': body.dataset.consoleToken || '' },
      credentials: 'same-origin',
    });
    const data = await response.json().catch(() => null);
    if (!response.ok || !data || data.ok !== true) throw new Error(data?.error || body.dataset.errorText);
    return data;
  }
  const post = (path, payload) => api(path, { method: 'POST', body: JSON.stringify(payload) });

  function fragment(markup) {
    const template = document.createElement('template');
    template.innerHTML = markup;
    return template.content;
  }

  function append(node, kind, meta) {
    log.querySelector('.log-empty')?.remove();
    const item = document.createElement('div');
    item.className = `msg from-${kind}`;
    if (meta) {
      const line = document.createElement('p');
      line.className = 'meta';
      line.textContent = meta;
      item.append(line);
    }
    item.append(node);
    log.append(item);
    window.bangfuCharts?.(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function appendText(text, kind) {
    const bubble = document.createElement('div');
    bubble.className = `bubble ${kind}`;
    const p = document.createElement('p');
    p.className = 'text';
    p.textContent = text;
    bubble.append(p);
    return append(bubble, kind);
  }

  function toast(tone, text) {
    const item = document.createElement('div');
    item.className = `toast toast-${tone}`;
    item.textContent = text;
    toasts.append(item);
    setTimeout(() => item.remove(), 4500);
  }

  function show(result, card) {
    if (result.toast) toast(result.toast.tone, result.toast.text);
    if (result.update && card?.isConnected) {
      const next = fragment(result.update.html);
      const replacement = next.firstElementChild;
      card.replaceWith(next);
      if (replacement) window.bangfuCharts?.(replacement.parentElement || log);
    }
    for (const message of result.messages) append(fragment(message.html), 'bot');
  }

  function setBusy(busy) {
    body.toggleAttribute('data-busy', busy);
    for (const el of composer.elements) el.disabled = busy || !state.userId;
  }

  async function run(request, card) {
    setBusy(true);
    try {
      show(await request(), card);
    } catch (error) {
      toast('danger', error.message);
    } finally {
      setBusy(false);
      poll();
    }
  }

  function sendText(text) {
    if (!text || !state.userId) return;
    appendText(text, 'user');
    return run(() => post('/console/api/message', { userId: state.userId, text }));
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    input.value = '';
    sendText(text);
    input.focus();
  });

  for (const chip of document.querySelectorAll('[data-say]')) {
    chip.addEventListener('click', () => sendText(chip.dataset.say));
  }

  log.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || button.type === 'submit') return;
    const action = JSON.parse(button.dataset.action);
    run(
      () => post('/console/api/action', { userId: state.userId, action, form: {} }),
      button.closest('[data-card]'),
    );
  });

  log.addEventListener('submit', (event) => {
    const form = event.target.closest('form.card-form');
    if (!form) return;
    event.preventDefault();
    const submitter = event.submitter?.dataset.action
      ? event.submitter
      : form.querySelector('button[data-action]');
    if (!submitter) return;
    const values = {};
    for (const [name, value] of new FormData(form)) values[name] = String(value);
    const action = JSON.parse(submitter.dataset.action);
    run(
      () => post('/console/api/action', { userId: state.userId, action, form: values }),
      form.closest('[data-card]'),
    );
  });

  async function poll() {
    if (!state.userId || polling) return;
    polling = true;
    const generation = state.generation;
    try {
      const query = new URLSearchParams({ userId: state.userId, since: state.since });
      const data = await api(`/console/api/inbox?${query}`);
      if (generation !== state.generation) return;
      // The demo clock went back: messages stamped earlier than the last one seen may follow.
      if (state.lastNow && data.now < state.lastNow) state.since = '';
      state.lastNow = data.now;
      for (const message of data.messages) {
        if (message.createdAt > state.since) state.since = message.createdAt;
        if (state.seen.has(message.key)) continue;
        state.seen.add(message.key);
        append(fragment(message.html), 'bot', message.at);
      }
    } catch {
      // The next poll tries again.
    } finally {
      polling = false;
    }
  }

  function select(userId) {
    state.userId = userId;
    state.since = '';
    state.lastNow = '';
    state.seen.clear();
    state.generation += 1;
    log.replaceChildren();
    const option = who.selectedOptions[0];
    const url = new URL(window.location.href);
    if (userId) url.searchParams.set('as', userId);
    else url.searchParams.delete('as');
    window.history.replaceState(null, '', url);
    if (userId && option) {
      document.getElementById('chat-title').textContent = `${option.dataset.unit} · ${option.dataset.name}`;
      document.getElementById('chat-sub').textContent = option.dataset.kind;
      const note = document.createElement('p');
      note.className = 'system';
      note.textContent = body.dataset.switchedText.replace('{who}', option.textContent);
      append(note, 'system');
    }
    setBusy(false);
    poll();
    if (userId) input.focus();
  }

  who.addEventListener('change', () => select(who.value));

  // For clock.js: after the demo clock moves, read the mailbox afresh (messages may be stamped earlier).
  window.bangfuConsole = {
    toast,
    post,
    poll,
    clockMoved(now) {
      state.since = '';
      state.lastNow = now;
      return poll();
    },
  };

  if (state.userId) select(state.userId);
  setInterval(poll, 3000);
})();
