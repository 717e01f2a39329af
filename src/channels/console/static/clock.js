// The demo clock panel (demo mode only): move "now", go back to the real time, run one reminder sweep.
(() => {
  const form = document.getElementById('clock-form');
  const page = window.bangfuConsole;
  if (!form || !page) return;

  async function setClock(payload) {
    try {
      const data = await page.post('/console/api/clock', payload);
      const now = document.getElementById('clock-now');
      now.textContent = data.text;
      now.dateTime = data.now;
      form.elements.at.value = data.input;
      document.getElementById('clock-moved').hidden = !data.moved;
      page.toast('success', data.toast);
      await page.clockMoved(data.now);
    } catch (error) {
      page.toast('danger', error.message);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setClock({ at: form.elements.at.value });
  });
  for (const preset of document.querySelectorAll('[data-clock]')) {
    preset.addEventListener('click', () => setClock({ at: preset.dataset.clock }));
  }
  document.getElementById('clock-reset')?.addEventListener('click', () => setClock({ reset: true }));
  document.getElementById('sweep')?.addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const data = await page.post('/console/api/sweep', {});
      page.toast('info', data.toast);
      await page.poll();
    } catch (error) {
      page.toast('danger', error.message);
    } finally {
      button.disabled = false;
    }
  });
})();
