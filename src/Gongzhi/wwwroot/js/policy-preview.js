// The policy editor's live preview: as the rule is typed, ask POST /api/policies/preview (the signed-in cookie
// carries the caller's scope) for the count and a sample, or the error's position and reason.
(function () {
  const rule = document.querySelector('[data-rule-preview]');
  if (!rule) return;
  const out = document.getElementById(rule.dataset.rulePreview);
  const areaInput = () => document.querySelector('[name="' + rule.dataset.areaInput + '"]');
  let timer = null;
  let seq = 0;
  const format = (label, ...args) => args.reduce((text, value, i) => text.replace('{' + i + '}', value), label);
  async function preview() {
    const mine = ++seq;
    const body = { rule: rule.value, area: (areaInput() && areaInput().value) || null };
    let response;
    try {
      response = await fetch('/api/policies/preview', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: JSON.stringify(body),
      });
    } catch { return; }
    if (mine !== seq) return; // a newer keystroke already asked
    const data = await response.json().catch(() => null);
    out.replaceChildren();
    if (response.ok && data) {
      const count = document.createElement('div');
      count.className = 'text-success';
      count.id = 'preview-count';
      count.textContent = format(out.dataset.countLabel, data.count);
      out.append(count);
      if (data.sample && data.sample.length) {
        const list = document.createElement('div');
        list.id = 'preview-sample';
        list.textContent = data.sample.map(r => r.name + '（' + r.age + '）').join('、');
        out.append(list);
      }
    } else if (data) {
      const error = document.createElement('div');
      error.className = 'text-danger';
      error.id = 'preview-error';
      error.textContent = data.position !== undefined ? format(out.dataset.errorLabel, data.position, data.reason) : (data.detail || '');
      out.append(error);
      if (data.position !== undefined && document.activeElement !== rule) rule.setSelectionRange(data.position, data.position);
    }
  }
  const schedule = () => { clearTimeout(timer); timer = setTimeout(preview, 300); };
  rule.addEventListener('input', schedule);
  document.addEventListener('change', e => { if (e.target === areaInput()) schedule(); });
  if (rule.value.trim()) preview();
})();
