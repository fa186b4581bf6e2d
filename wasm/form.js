// form.js starts the Go module (form.wasm) that checks the Report Abuse form as it is
// filled in and previews its deadlines. The form is complete without it: the browser's own
// checks work until the module is ready, and the Worker validates every report. So when
// WebAssembly is missing or anything here fails, the form is left as the server sent it.
//
// A plain script, not a module, and nothing inline or evaluated: the page's CSP allows only
// 'self' and 'wasm-unsafe-eval'.
(function () {
  'use strict';
  var form = document.getElementById('report-form');
  var self = document.currentScript;
  if (!form || !self || typeof WebAssembly !== 'object' || !WebAssembly.instantiateStreaming) {
    return;
  }
  // wasm_exec.js and form.wasm sit beside this script.
  var base = self.src;
  // Fetch the module while wasm_exec.js loads, not after.
  var wasm = fetch(new URL('form.wasm', base));

  // The module calls this once its listeners are on the form; only then does it take over
  // from the browser's checks. The data attribute tells tests and styles it is ready.
  window.abusedeskFormReady = function () {
    delete window.abusedeskFormReady;
    form.noValidate = true;
    document.documentElement.dataset.wasm = 'ready';
  };

  var runtime = document.createElement('script');
  runtime.src = new URL('wasm_exec.js', base).href;
  runtime.onload = function () {
    var go = new Go();
    WebAssembly.instantiateStreaming(wasm, go.importObject)
      .then(function (result) {
        // go.run's promise settles only if the module stops, which it does on failure.
        return go.run(result.instance);
      })
      .catch(function (err) {
        console.error('abusedesk form: the checks in this browser are off:', err);
      });
  };
  runtime.onerror = function () {
    console.error('abusedesk form: wasm_exec.js did not load');
  };
  document.head.appendChild(runtime);
})();
