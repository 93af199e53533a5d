// omni-reward explore: the one script (a plain module served from the jar). Pages work without it; it adds
// keyboard shortcuts and submits filter forms on change. It never inserts text as markup.

const typing = (el) => el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type !== 'radio'
    && el.type !== 'checkbox') || el.tagName === 'SELECT' || el.isContentEditable);

// filter forms: a changed choice applies at once
for (const form of document.querySelectorAll('form[data-autosubmit]')) {
  for (const sel of form.querySelectorAll('select, input[type=checkbox]')) {
    sel.addEventListener('change', () => form.requestSubmit());
  }
}

const annotate = document.getElementById('annotate');
if (annotate) {
  const pick = (value) => {
    const radio = annotate.querySelector(`input[name=pick][value="${value}"]`);
    if (radio) {
      radio.checked = true;
      radio.focus();
    }
  };
  const own = annotate.querySelector('input[name=criterion][value="__own__"]');
  const ownText = annotate.querySelector('textarea[name=criterion_text]');
  if (own && ownText) {
    ownText.addEventListener('input', () => { own.checked = ownText.value.trim() !== '' || own.checked; });
    ownText.addEventListener('focus', () => { own.checked = true; });
  }
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.key === 'Enter') {
      e.preventDefault();
      annotate.requestSubmit();
      return;
    }
    if (typing(document.activeElement) || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    const k = e.key.toLowerCase();
    if (k === 'a' || k === '1') {
      pick('A');
    } else if (k === 'b' || k === '2') {
      pick('B');
    } else if (k === 't' || k === '3') {
      pick('tie');
    } else if (k === 's') {
      const skip = document.getElementById('skip');
      if (skip) {
        window.location.href = skip.href;
      }
    } else if (k === 'enter') {
      e.preventDefault();
      annotate.requestSubmit();
    } else {
      return;
    }
    e.preventDefault();
  });
} else {
  // sample and record pages: arrow keys, j and k move to the previous or next one
  document.addEventListener('keydown', (e) => {
    if (typing(document.activeElement) || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    const rel = (e.key === 'ArrowRight' || e.key === 'j') ? 'next' : (e.key === 'ArrowLeft' || e.key === 'k') ? 'prev' : null;
    const link = rel && document.querySelector(`nav.neighbours a[rel=${rel}]`);
    if (link) {
      window.location.href = link.href;
    }
  });
}

// a list served from a first look at large runs (the page says so): reload it once every line is indexed
if (document.querySelector('[data-reload-when-indexed]')) {
  const poll = (wait) => setTimeout(() => {
    fetch('/indexed', { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : { runs: false }))
      .then((s) => (s.runs ? window.location.reload() : poll(500)))
      .catch(() => poll(2000));
  }, wait);
  poll(500);
}
