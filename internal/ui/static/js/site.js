// Busrides: progressive enhancement for the page feedback tool. Everything
// works without this file; with it, answers are sent without leaving the
// page: "No" is stored at once and opens the optional comment box in place.
// Messages come from the server, in the page's language. A form is never
// sent twice while an answer is awaited, and each answer carries a random
// token, so that the server stores a repeated post once.
const tool = document.querySelector("[data-feedback]");

function randomToken() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

if (tool) {
  const question = tool.querySelector("[data-feedback-question]");
  const details = tool.querySelector("[data-feedback-details]");
  const recorded = tool.querySelector("[data-feedback-recorded]");
  const comment = tool.querySelector("#feedback-comment");
  const counter = tool.querySelector("[data-feedback-count]");
  const errorBox = tool.querySelector("[data-feedback-error]");
  const failed = tool.dataset.failed;

  if (question) {
    // The answer's token: the same answer posted again is stored once.
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "token";
    token.value = randomToken();
    question.append(token);
  }

  if (comment && counter) {
    const max = Number(comment.dataset.max) || 300;
    const template = document.documentElement.lang.startsWith("fr")
      ? (n) => `${n} caractère${n > 1 ? "s" : ""} sur ${max}`
      : (n) => `${n} of ${max} character${max === 1 ? "" : "s"}`;
    const update = () => {
      const n = [...comment.value].length;
      counter.textContent = template(n);
      counter.classList.toggle("over", n > max);
    };
    counter.hidden = false;
    comment.addEventListener("input", update);
    update();
  }

  const showError = (message) => {
    if (!errorBox) return;
    const link = errorBox.querySelector("[data-feedback-message]");
    link.textContent = message || failed;
    const inBox = details && !details.hidden;
    link.setAttribute("href", inBox ? "#feedback-comment" : "#feedback-yes");
    if (inBox) comment?.setAttribute("aria-invalid", "true");
    errorBox.hidden = false;
    errorBox.focus();
  };

  const showThanks = (result) => {
    const thanks = document.createElement("div");
    thanks.className = "feedback-thanks";
    thanks.setAttribute("role", "status");
    thanks.tabIndex = -1;
    for (const text of [result.message, result.notice]) {
      if (!text) continue;
      const p = document.createElement("p");
      p.textContent = text;
      thanks.append(p);
    }
    question?.remove();
    details?.remove();
    errorBox?.remove();
    tool.querySelector("#feedback-heading").after(thanks);
    thanks.focus();
  };

  // The answer is in: the comment box goes with it.
  const openDetails = (result) => {
    const tokenInput = details.querySelector("[data-feedback-token]");
    if (tokenInput) tokenInput.value = result.token;
    if (recorded) recorded.textContent = result.message;
    question?.remove();
    if (errorBox) errorBox.hidden = true;
    details.hidden = false;
    comment?.focus();
  };

  // The comment can no longer go with its answer: sent again, it goes
  // with a new "No".
  const resetDetails = (form) => {
    const tokenInput = form.querySelector("[data-feedback-token]");
    if (!tokenInput) return;
    const answer = document.createElement("input");
    answer.type = "hidden";
    answer.name = "answer";
    answer.value = "no";
    tokenInput.replaceWith(answer);
    if (recorded) recorded.textContent = "";
  };

  for (const form of tool.querySelectorAll("[data-feedback-form]")) {
    let sending = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (sending) return;
      sending = true;
      const body = new URLSearchParams(new FormData(form, event.submitter));
      const buttons = [...form.querySelectorAll("button")];
      for (const b of buttons) b.disabled = true;
      form.setAttribute("aria-busy", "true");
      let result;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        result = await response.json();
      } catch {
        result = { ok: false, message: failed };
      } finally {
        sending = false;
        for (const b of buttons) b.disabled = false;
        form.removeAttribute("aria-busy");
      }
      if (result.ok && result.token && details) {
        openDetails(result);
      } else if (result.ok) {
        showThanks(result);
      } else {
        if (result.reset) resetDetails(form);
        showError(result.message);
      }
    });
  }
}

// Share: the "Copy link" button exists only when scripts run and the
// browser offers the clipboard; the message comes from the server.
const copy = document.querySelector("[data-share-copy]");
if (copy && navigator.clipboard && window.isSecureContext) {
  const status = document.querySelector("[data-share-status]");
  copy.hidden = false;
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(copy.dataset.url);
    } catch {
      return; // refused: the share links still work
    }
    if (status) {
      status.textContent = "";
      // A fresh text node each time, so screen readers announce a repeat.
      setTimeout(() => { status.textContent = copy.dataset.copied; }, 50);
    }
  });
}

// "Fits my ride": episodes the reader finished are kept in this browser
// only (localStorage), and sent with the planner form so it leaves them out.
const finishedKey = "busrides.finished";

function readFinished() {
  try {
    const ids = JSON.parse(localStorage.getItem(finishedKey) || "[]");
    return Array.isArray(ids) ? ids.filter((n) => Number.isInteger(n) && n > 0) : [];
  } catch {
    return [];
  }
}

function markFinished(id) {
  const ids = readFinished();
  if (!ids.includes(id)) {
    ids.push(id);
    try {
      localStorage.setItem(finishedKey, JSON.stringify(ids.slice(-1000)));
    } catch {
      // Storage full or blocked: nothing to remember.
    }
  }
}

const episode = document.querySelector("[data-episode-id]");
const finished = document.querySelector("[data-finished]");
if (episode && finished) {
  const id = Number(episode.dataset.episodeId);
  const button = finished.querySelector("[data-finished-button]");
  const status = finished.querySelector("[data-finished-status]");
  const show = () => {
    button.hidden = true;
    status.textContent = status.dataset.finishedText;
  };
  finished.hidden = false;
  if (readFinished().includes(id)) show();
  button.addEventListener("click", () => {
    markFinished(id);
    show();
  });
  for (const media of document.querySelectorAll("audio, video")) {
    media.addEventListener("ended", () => {
      markFinished(id);
      show();
    });
  }
}

const rideForm = document.querySelector("[data-ride-form]");
if (rideForm) {
  rideForm.addEventListener("submit", () => {
    const done = rideForm.querySelector("[data-ride-done]");
    if (done) done.value = readFinished().join(",");
  });
}
