// Readers report typos on legal documents. They select the text with the mistake and press
// Ctrl+Enter (⌘+Enter on a Mac), or the "Report a typo" button, which touch screens need;
// a dialog shows the selection and takes an optional comment; Send posts the note as JSON to
// the Worker (POST /api/typos), which mails it to the editors.
//
// Every word shown comes from the page: data attributes on the button, written from the Go
// catalog, and the Worker's localized answers. So do the path the note goes to and the
// lengths it is cut to: the button's data-path (api.TyposPath) and data-max-* (the typo
// note's schema, schemas.TypoSpec()), which the site generator writes. Its classes are
// package dom's (schemas/dom). site/typo_test.go and site/dom_test.go hold it to them. The
// dialog is built with DOM calls and textContent only (the selection is text, never
// markup), and the script runs under a CSP without inline script or style. Loaded with
// defer on pages that have the button.
(() => {
  'use strict';
  const button = document.getElementById('typo-button');
  // Without <dialog> the button stays hidden: the page is readable, the feature absent.
  if (!button || typeof HTMLDialogElement !== 'function') return;
  const words = button.dataset;
  const path = button.dataset.path;
  const limits = {
    selection: Number(button.dataset.maxSelection),
    comment: Number(button.dataset.maxComment),
    context: Number(button.dataset.maxContext),
  };
  // A page without them is not one the generator wrote: no dialog, as without <dialog>.
  if (!path || !Object.values(limits).every((n) => n > 0)) return;

  const element = (tag, properties = {}, ...children) => {
    const e = Object.assign(document.createElement(tag), properties);
    e.append(...children);
    return e;
  };
  // clip cuts text to n characters as the schema counts them (code points).
  const clip = (text, n) => Array.from(text).slice(0, n).join('');

  // Announcements outside the dialog: the thanks, or "select the text first". A status
  // region present from the start is announced when its text changes.
  const status = element('p', { id: 'typo-status' });
  status.setAttribute('role', 'status');
  button.parentElement.after(status);
  const announce = (text) => { status.textContent = text; };

  const heading = element('h2', { id: 'typo-title', textContent: words.title });
  const quoteLabel = element('p', { id: 'typo-selection-label', className: 'hint', textContent: words.selection });
  const quote = element('blockquote', { id: 'typo-selection' });
  quote.setAttribute('aria-labelledby', quoteLabel.id);
  const comment = element('textarea', { id: 'typo-comment', name: 'comment', rows: 3, maxLength: limits.comment });
  const problem = element('p', { id: 'typo-problem', className: 'error-message' });
  problem.setAttribute('role', 'alert'); // inside the modal dialog, so it is heard there
  const send = element('button', { type: 'submit', textContent: words.send });
  const cancel = element('button', { type: 'button', textContent: words.cancel });
  const form = element('form', {},
    heading, quoteLabel, quote,
    element('div', { className: 'field' }, element('label', { htmlFor: comment.id, textContent: words.comment }), comment),
    problem,
    element('p', {}, send, ' ', cancel));
  const dialog = element('dialog', { id: 'typo-dialog' }, form);
  dialog.setAttribute('aria-labelledby', heading.id);
  document.body.append(dialog);
  button.parentElement.hidden = false;

  // capture reads the page's current selection: its text and the text of the block it is
  // in, cut to the schema's limits around it. null when nothing on the page is selected.
  const capture = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    if (dialog.contains(range.commonAncestorContainer)) return null;
    const text = selection.toString().trim();
    if (!text) return null;
    return { selection: clip(text, limits.selection), context: contextOf(range.commonAncestorContainer, text) };
  };

  const contextOf = (node, text) => {
    const at = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const block = at?.closest('p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6, blockquote, pre, caption') ?? at;
    const whole = (block?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const chars = Array.from(whole);
    if (chars.length <= limits.context) return whole;
    // A long block: the window of the limit's length around the selection.
    const found = whole.indexOf(text.replace(/\s+/g, ' '));
    const start = found < 0 ? 0 : Array.from(whole.slice(0, found)).length;
    const from = Math.max(0, Math.min(start - (limits.context - Array.from(text).length) / 2, chars.length - limits.context));
    return chars.slice(Math.floor(from), Math.floor(from) + limits.context).join('');
  };

  // On a touch screen, tapping the button can clear the selection first: the last one made
  // outside the dialog is kept for it. The dialog shows what will be sent.
  let lastSelection = null;
  document.addEventListener('selectionchange', () => {
    lastSelection = capture() ?? lastSelection;
  });

  let note = null;
  let returnTo = null;
  const open = (captured) => {
    note = captured;
    quote.textContent = note.selection;
    comment.value = '';
    problem.textContent = '';
    announce('');
    returnTo = document.activeElement;
    dialog.showModal();
    comment.focus();
  };
  // Escape, Cancel and a sent note all close the dialog; focus goes back where it was.
  dialog.addEventListener('close', () => {
    if (returnTo instanceof HTMLElement && returnTo !== document.body && returnTo.isConnected) returnTo.focus();
  });
  cancel.addEventListener('click', () => dialog.close());

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (dialog.open) {
      // In the dialog, the same keys send.
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    const captured = capture();
    if (!captured) return; // nothing selected: the keys are not ours
    event.preventDefault();
    open(captured);
  });
  button.addEventListener('click', () => {
    const captured = capture() ?? lastSelection;
    if (captured) open(captured);
    else announce(words.selectFirst);
  });

  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    sending = true;
    send.disabled = true;
    send.textContent = words.sending;
    problem.textContent = '';
    const body = { lang: document.documentElement.lang, page: location.pathname, selection: note.selection };
    const remark = comment.value.trim();
    if (remark) body.comment = clip(remark, limits.comment);
    if (note.context) body.context = note.context;
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        dialog.close();
        announce(answer.message ?? '');
        return;
      }
      problem.textContent = answer.problems?.map((p) => p.message).join(' ') || answer.message || words.networkError;
    } catch {
      problem.textContent = words.networkError;
    } finally {
      sending = false;
      send.disabled = false;
      send.textContent = words.send;
    }
  });
})();
