// Busrides back office: progressive enhancement that keeps typed work
// safe. Every form works without this file (a form sent after the session
// ended is held on the server until its sender signs in again); with it:
//
// - leaving a page whose form has changes not sent asks first;
// - while someone types, the session is kept alive (POST /admin/keepalive
//   at most every few minutes);
// - after a refused form, the error summary takes the focus;
// - the episode editor (form[data-autosave]) sends what is typed a few
//   seconds after each change, and when the page is left, to its
//   automatic save; reopening the editor offers to restore it.
//
// Messages come from the server, in the page's language (data-msg-*).

// After a refused form, the error summary takes the focus (its autofocus
// attribute does the same without this script, where browsers honour it
// on any focusable element).
const summary = document.querySelector(".error-summary");
if (summary && document.activeElement !== summary) {
  summary.focus();
}

const keepAliveEvery = 4 * 60 * 1000; // the session ends after 30 idle minutes
const autosaveDelay = 3000; // after the last change
const autosaveAtLeast = 15000; // while typing goes on

const forms = [...document.querySelectorAll("main form[method='post']")].filter(
  (f) => f.querySelector("textarea, input[type='text'], input[type='checkbox'], input[type='radio'], select"),
);
const changed = new Set(); // forms with changes not sent
let lastPing = Date.now();

function keepAlive() {
  if (Date.now() - lastPing < keepAliveEvery) {
    return;
  }
  lastPing = Date.now();
  fetch("/admin/keepalive", { method: "POST", credentials: "same-origin" }).catch(() => {});
}

for (const form of forms) {
  const mark = () => {
    changed.add(form);
    keepAlive();
  };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("submit", () => changed.delete(form));
}

window.addEventListener("beforeunload", (event) => {
  if (changed.size > 0) {
    event.preventDefault();
    event.returnValue = ""; // older browsers need it
  }
});

const editor = document.querySelector("form[data-autosave]");
if (editor && editor.dataset.autosave) {
  const url = editor.dataset.autosave;
  const status = editor.querySelector(".autosave-status");
  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };
  const clock = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { hour: "numeric", minute: "2-digit" });
  let pending = false; // changes not autosaved
  let timer = 0;
  let firstPending = 0;
  let inFlight = false;

  const body = () => new URLSearchParams(new FormData(editor));

  async function save() {
    timer = 0;
    if (!pending || inFlight) {
      return;
    }
    pending = false;
    firstPending = 0;
    inFlight = true;
    lastPing = Date.now(); // the request keeps the session alive too
    try {
      const res = await fetch(url, { method: "POST", body: body(), credentials: "same-origin" });
      if (res.status === 204) {
        say(editor.dataset.msgSaved.replace("{time}", clock.format(new Date())));
      } else if (res.status === 401) {
        say(editor.dataset.msgEnded);
      } else {
        pending = true;
        say(editor.dataset.msgFailed);
      }
    } catch {
      pending = true;
      say(editor.dataset.msgFailed);
    } finally {
      inFlight = false;
    }
  }

  const schedule = () => {
    pending = true;
    if (!firstPending) {
      firstPending = Date.now();
    }
    clearTimeout(timer);
    // A pause in typing saves; so does a long run of it.
    const wait = Date.now() - firstPending >= autosaveAtLeast ? 0 : autosaveDelay;
    timer = setTimeout(save, wait);
  };
  editor.addEventListener("input", schedule);
  editor.addEventListener("change", schedule);
  editor.addEventListener("submit", () => {
    clearTimeout(timer);
    pending = false;
  });

  // Leaving the page (closing the tab included): what was not saved yet
  // goes out in the background.
  const flush = () => {
    if (pending && navigator.sendBeacon) {
      clearTimeout(timer);
      if (navigator.sendBeacon(url, body())) {
        pending = false;
      }
    }
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      flush();
    }
  });
}
