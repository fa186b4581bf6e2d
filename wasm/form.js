// Loads the form's WebAssembly module (Go, built from ./wasm) and hands the form to it.
// The form works without it: the browser's constraint checks work until the module is
// ready, and the Worker validates every report. So when WebAssembly is missing or anything
// here fails, the form is left as the server sent it.
//
// Nothing is fetched until the reporter first turns to the form ("import on interaction"):
// downloading, compiling and starting Go cost a phone hundreds of milliseconds of main
// thread and most of the page's bytes, and a visitor who only reads the page should not pay
// them. The browser's checks cover the seconds it takes; the module then catches up with
// anything done before it started (a category already chosen).
//
// A plain script, not a module, and nothing inline or evaluated: the page's CSP allows only
// 'self' and 'wasm-unsafe-eval'.
//
// The ids and classes it looks for are package dom's (schemas/dom), which a script cannot
// import: site/dom_test.go fails on one that package does not define.
(function () {
  'use strict';
  var form = document.getElementById('report-form');
  var self = document.currentScript;
  var draftKey = 'abusedesk-draft-' + document.documentElement.lang;
  // A receipt (the Worker's page after a form sent without the module) ends the draft.
  if (document.getElementById('receipt')) {
    forgetDraft();
  }
  if (!form) {
    return;
  }
  // The idempotency key: one per report, made when the reporter first turns to the form,
  // kept in the draft across a reload, dropped once the report is sent (or the form is
  // cleared) so the next report gets its own. The Worker gives the first post's reference
  // to any later post with the same key, so a double click or a retry mails one report.
  // Without JavaScript there is no key, and the first post goes without one.
  var key = form.elements.namedItem('idempotency_key');
  ['focusin', 'pointerdown', 'keydown', 'input', 'change', 'submit'].forEach(function (e) {
    form.addEventListener(e, ensureKey, true);
  });
  var restored = keepDraft();
  if (!self || typeof WebAssembly !== 'object' || !WebAssembly.compileStreaming) {
    return;
  }
  // wasm_exec.js and form.wasm sit beside this script.
  var base = self.src;

  // The module calls this once its listeners are on the form; only then does it take over
  // from the browser's checks. The data attribute tells tests and styles it is ready.
  // The module calls this once the report is accepted and the receipt shows.
  window.abusedeskFormSent = forgetDraft;
  window.abusedeskFormReady = function () {
    delete window.abusedeskFormReady;
    form.noValidate = true;
    document.documentElement.dataset.wasm = 'ready';
  };

  // wasm_exec.js is small: a load that has not finished in runtimeWait is stuck (a
  // connection dropped without a word; wrangler dev's proxy does it too), and is asked for
  // again under another query, which the browser cannot fold into the stuck request.
  var runtimeWait = 8000;
  var runtimeTries = 3;
  function loadRuntime(attempt) {
    attempt = attempt || 1;
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      var url = new URL('wasm_exec.js', base);
      if (attempt > 1) url.searchParams.set('try', String(attempt));
      script.src = url.href;
      var timer = setTimeout(function () {
        script.onload = script.onerror = null;
        script.remove();
        if (attempt < runtimeTries) resolve(loadRuntime(attempt + 1));
        else reject(new Error('wasm_exec.js did not load'));
      }, runtimeWait);
      script.onload = function () { clearTimeout(timer); resolve(); };
      script.onerror = function () { clearTimeout(timer); reject(new Error('wasm_exec.js did not load')); };
      document.head.appendChild(script);
    });
  }

  var events = ['focusin', 'pointerdown', 'keydown', 'input', 'change'];
  function start() {
    events.forEach(function (e) { form.removeEventListener(e, start, true); });
    // Both downloads at once; compiling streams while the bytes arrive.
    var compiled = WebAssembly.compileStreaming(fetch(new URL('form.wasm', base)));
    Promise.all([compiled, loadRuntime()])
      .then(function (done) {
        var go = new Go();
        return WebAssembly.instantiate(done[0], go.importObject).then(function (instance) {
          // go.run's promise settles only if the module stops, which it does on failure.
          return go.run(instance);
        });
      })
      .catch(function (err) {
        console.error('abusedesk form: the checks in this browser are off:', err);
      });
  }
  events.forEach(function (e) { form.addEventListener(e, start, true); });
  // A reporter coming back to a draft is mid-way: the preview and the category's evidence
  // should show at once.
  if (restored) {
    start();
  }

  function ensureKey() {
    if (key && !key.value) key.value = newKey();
  }

  // newKey is a random UUID; crypto.randomUUID exists only on secure (https) pages.
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  // The draft: the form's text fields, kept in localStorage under the page's language
  // until the report is sent, so a closed tab or a reload loses nothing. Files cannot be
  // kept (the hint says so). It never leaves the browser.
  function draftFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== 'file' && el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button' &&
        // The declaration is made anew for each report sent, never kept.
        el.type !== 'checkbox' &&
        !el.closest('.trap'); // the honeypot is for scripts, not part of a person's draft
    });
  }

  function keepDraft() {
    var storage;
    try {
      storage = window.localStorage;
      storage.getItem(draftKey);
    } catch (err) {
      return false; // storage off: the form works, just without a draft
    }
    var note = document.getElementById('draft-note');
    var clear = document.getElementById('clear-form');
    if (note) note.hidden = false;
    var restored = false;
    // A category the rules mark no_draft (the form's data-no-draft) keeps nothing here:
    // once it is chosen, the draft kept so far goes too, and one kept with it before the
    // rule was made is not brought back.
    var noDraft = (form.dataset.noDraft || '').split(' ').filter(Boolean);
    // A form the Worker sent back holds what was sent: that wins over an older draft.
    var sentBack = !document.getElementById('error-summary')?.hidden;
    var draft = null;
    try {
      draft = JSON.parse(storage.getItem(draftKey) || 'null');
    } catch (err) {
      draft = null;
    }
    if (draft && noDraft.indexOf(draft.category) >= 0) {
      try {
        storage.removeItem(draftKey);
      } catch (err) { /* off: nothing kept */ }
      draft = null;
    }
    if (draft && !sentBack) {
      draftFields().forEach(function (el) {
        if (typeof draft[el.name] === 'string' && draft[el.name] !== '') {
          el.value = draft[el.name];
          restored = true;
        }
      });
      // The same report after a reload: the same key.
      if (key && restored && typeof draft[key.name] === 'string') key.value = draft[key.name];
    }
    function save() {
      var category = form.elements.namedItem('category');
      if (category && noDraft.indexOf(category.value) >= 0) {
        try {
          storage.removeItem(draftKey);
        } catch (err) { /* off: nothing kept */ }
        return;
      }
      var values = {};
      var any = false;
      draftFields().forEach(function (el) {
        values[el.name] = el.value;
        any = any || el.value !== '';
      });
      if (key) values[key.name] = key.value;
      try {
        if (any) storage.setItem(draftKey, JSON.stringify(values));
        else storage.removeItem(draftKey);
      } catch (err) { /* full or off: nothing to do */ }
    }
    form.addEventListener('input', save);
    form.addEventListener('change', save);
    if (clear) {
      clear.hidden = false;
      // Clear empties everything a report is made of, what no one sees included: the
      // honeypot (a page elsewhere may have planted a value in it), the key (forgetDraft),
      // Turnstile's token; only the form's language stays.
      clear.addEventListener('click', function () {
        forgetDraft();
        draftFields().forEach(function (el) { el.value = ''; });
        Array.prototype.forEach.call(form.querySelectorAll('.trap input'), function (el) { el.value = ''; });
        var files = form.querySelector('input[type=file]');
        if (files) files.value = '';
        Array.prototype.forEach.call(form.querySelectorAll('input[type=checkbox]'), function (c) { c.checked = false; });
        Array.prototype.forEach.call(form.querySelectorAll('.error-message'), function (m) { m.hidden = true; m.textContent = ''; });
        Array.prototype.forEach.call(form.querySelectorAll('.field--error'), function (f) { f.classList.remove('field--error'); });
        Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (c) { c.removeAttribute('aria-invalid'); });
        var summary = document.getElementById('error-summary');
        if (summary) summary.hidden = true;
        var status = document.getElementById('form-status');
        if (status) status.textContent = '';
        try {
          if (window.turnstile) window.turnstile.reset();
        } catch (err) { /* no widget to reset */ }
        // The module, if running, follows the category: the preview and evidence reset.
        var category = form.elements.namedItem('category');
        if (category) category.dispatchEvent(new Event('change', { bubbles: true }));
        var first = draftFields()[0];
        if (first) first.focus();
      });
    }
    return restored;
  }

  function forgetDraft() {
    var k = form && form.elements.namedItem('idempotency_key');
    if (k) k.value = '';
    try {
      window.localStorage.removeItem(draftKey);
    } catch (err) { /* storage off */ }
  }
})();

