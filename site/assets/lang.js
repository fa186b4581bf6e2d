// The visitor's language, remembered without a cookie.
//
// A language the visitor picks (in the switcher of any page, or in the list on the root
// page) is kept in localStorage: in their browser only, never sent anywhere. On the root
// page, which the Worker answers with the language it negotiated from Accept-Language in
// data-negotiated on <html>, this script goes to the language picked before, else to the
// negotiated one. Without JavaScript or storage the root page stays a list of links, the
// negotiated language first. Loaded with defer on every page; no inline script needed.
(() => {
  'use strict';
  const key = 'abusedesk.lang';
  const onRoot = location.pathname === '/';

  const stored = () => {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage blocked: nothing was remembered
    }
  };
  const remember = (lang) => {
    try {
      localStorage.setItem(key, lang);
    } catch {
      // Storage blocked or full: the choice lasts this visit only, as the links do.
    }
  };

  // The links that are a choice of language, and the attribute that names it: the root
  // page's list links with hreflang; the switcher marks its current page's link with lang
  // only, and choosing it again is a choice too.
  const [choices, attribute] = onRoot ? ['a[hreflang]', 'hreflang'] : ['nav.languages a[lang]', 'lang'];
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest(choices) : null;
    if (link) remember(link.getAttribute(attribute));
  });

  if (onRoot) {
    // Only a language the page links to is followed, whatever storage holds.
    const linkTo = (lang) => (lang ? document.querySelector(`a[hreflang="${CSS.escape(lang)}"]`) : null);
    const target = linkTo(stored()) ?? linkTo(document.documentElement.dataset.negotiated);
    if (target) location.replace(target.href);
  }
})();
