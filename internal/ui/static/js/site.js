// Busrides: progressive enhancement for the page feedback tool. Everything
// works without this file; with it, "No" opens the comment box in place and
// answers are sent without leaving the page. Messages come from the server,
// in the page's language.
const tool = document.querySelector("[data-feedback]");

if (tool) {
  const question = tool.querySelector("[data-feedback-question]");
  const details = tool.querySelector("[data-feedback-details]");
  const noForm = tool.querySelector("[data-feedback-no]");
  const comment = tool.querySelector("#feedback-comment");
  const counter = tool.querySelector("[data-feedback-count]");
  const errorBox = tool.querySelector("[data-feedback-error]");

  if (noForm && details && question) {
    noForm.addEventListener("submit", (event) => {
      event.preventDefault();
      question.hidden = true;
      details.hidden = false;
      comment?.focus();
    });
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

  for (const form of tool.querySelectorAll("[data-feedback-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const submitter = event.submitter;
      const body = new URLSearchParams(new FormData(form, submitter));
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
        form.submit(); // fall back to the plain post
        return;
      }
      if (result.ok) {
        const thanks = document.createElement("div");
        thanks.className = "feedback-thanks";
        thanks.setAttribute("role", "status");
        thanks.tabIndex = -1;
        const p = document.createElement("p");
        p.textContent = result.message;
        thanks.append(p);
        question?.remove();
        details?.remove();
        tool.prepend(thanks);
        thanks.focus();
      } else if (errorBox) {
        question && (question.hidden = true);
        details && (details.hidden = false);
        errorBox.querySelector("[data-feedback-message]").textContent = result.message;
        errorBox.hidden = false;
        comment?.setAttribute("aria-invalid", "true");
        errorBox.focus();
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
