// The dashboard works without script; with it, choosing a period or a city shows it at once, and the
// print button opens the browser's print (the page has a print stylesheet for meetings).
(() => {
  for (const id of ['period', 'city']) {
    const select = document.getElementById(id);
    if (select?.form) select.addEventListener('change', () => select.form.submit());
  }
  const print = document.querySelector('[data-print]');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }
})();
