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
(function () {
  'use strict';
  var form = document.getElementById('report-form');
  var self = document.currentScript;
  if (!form || !self || typeof WebAssembly !== 'object' || !WebAssembly.compileStreaming) {
    return;
  }
  // wasm_exec.js and form.wasm sit beside this script.
  var base = self.src;

  // The module calls this once its listeners are on the form; only then does it take over
  // from the browser's checks. The data attribute tells tests and styles it is ready.
  window.abusedeskFormReady = function () {
    delete window.abusedeskFormReady;
    form.noValidate = true;
    document.documentElement.dataset.wasm = 'ready';
  };

  function loadRuntime() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = new URL('wasm_exec.js', base).href;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('wasm_exec.js did not load')); };
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
})();
