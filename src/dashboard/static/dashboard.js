// The dashboard works without script; with it, choosing a period shows it at once.
(() => {
  const period = document.getElementById('period');
  if (period?.form) period.addEventListener('change', () => period.form.submit());
})();
