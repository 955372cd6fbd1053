// Minutes editing: keep a copy of the draft in this browser until the server has it, so a
// dropped connection loses nothing; the server's autosave (htmx) is the real store.
(function () {
  const form = document.getElementById("minutes-form");
  if (!form) return;
  const key = form.dataset.draftKey;
  const status = document.getElementById("autosave-status");
  const taskRows = document.getElementById("task-rows");
  const taskTemplate = document.getElementById("task-row-template");
  const taskCount = form.querySelector('[name="tasks-TOTAL_FORMS"]');
  // The formset's bookkeeping follows the rows on the page; it is not the user's text.
  const MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  function snapshot() {
    const data = {};
    for (const element of form.elements) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.name === "revision") continue;
      if (MANAGEMENT.test(element.name)) continue;
      if ((element.type === "radio" || element.type === "checkbox") && !element.checked) continue;
      data[element.name] = element.value;
    }
    return data;
  }

  // A new empty task row (tasks-<n>-…), numbered after the last one.
  function addTaskRow() {
    if (!taskRows || !taskTemplate || !taskCount) return;
    const index = Number(taskCount.value);
    const html = taskTemplate.innerHTML.replaceAll("__prefix__", String(index));
    taskRows.insertAdjacentHTML("beforeend", html);
    taskCount.value = String(index + 1);
  }

  function restore(data) {
    // Rows added in this browser and kept offline come back before their text does.
    let rows = 0;
    for (const name of Object.keys(data)) {
      const match = /^tasks-(\d+)-/.exec(name);
      if (match) rows = Math.max(rows, Number(match[1]) + 1);
    }
    while (taskCount && Number(taskCount.value) < rows) addTaskRow();
    for (const [name, value] of Object.entries(data)) {
      for (const element of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (element.type === "radio" || element.type === "checkbox") element.checked = element.value === value;
        else element.value = value;
      }
    }
  }

  const kept = localStorage.getItem(key);
  if (kept) {
    const data = JSON.parse(kept);
    const now = snapshot();
    const differs = Object.entries(data).some(([name, value]) => (now[name] ?? "") !== value);
    if (differs) {
      const banner = document.createElement("div");
      banner.className = "alert alert-warning d-flex justify-content-between align-items-center gap-2";
      banner.textContent = form.dataset.restoreText || "";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-warning";
      button.textContent = form.dataset.restoreButton || "OK";
      button.addEventListener("click", () => { restore(data); banner.remove(); form.dispatchEvent(new Event("change")); });
      banner.appendChild(button);
      form.prepend(banner);
    } else {
      localStorage.removeItem(key);
    }
  }

  function keep() { localStorage.setItem(key, JSON.stringify(snapshot())); }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  const addButton = document.getElementById("add-task");
  if (addButton) addButton.addEventListener("click", () => {
    addTaskRow();
    const last = taskRows.lastElementChild;
    const first = last && last.querySelector("input");
    if (first) first.focus();
  });
  // The autosave answers 422 when something needs correcting (what passed was saved) and 409
  // when it refused the whole save (someone else saved first, or the minutes were submitted):
  // show its status line and row errors all the same.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.requestConfig.elt !== form) return;
    const code = event.detail.xhr.status;
    if (code === 409 || code === 422) event.detail.shouldSwap = true;
  });
  // After a 409 every further autosave would be refused the same way: stop, so the status line
  // keeps saying why, until the page is reloaded.
  let stopped = false;
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt === form && stopped) event.preventDefault();
  });
  // Only a full save empties the browser's copy: after a 422 it still holds what to correct.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== form) return;
    if (event.detail.successful) localStorage.removeItem(key);
    if (event.detail.xhr && event.detail.xhr.status === 409) stopped = true;
  });
  // Any other refusal, or no answer at all, must not leave "saved" on the status line.
  function notSaved(text) {
    if (!status) return;
    status.replaceChildren();
    const line = document.createElement("span");
    line.className = "text-danger";
    line.setAttribute("role", "alert");
    line.textContent = text;
    status.appendChild(line);
  }
  document.body.addEventListener("htmx:responseError", (event) => {
    if (event.detail.elt !== form) return;
    const code = event.detail.xhr.status;
    if (code === 409 || code === 422) return;
    notSaved(`${form.dataset.failedText || ""} (${code})`);
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    if (event.detail.elt === form) notSaved(form.dataset.offlineText || "");
  });
  form.addEventListener("submit", () => localStorage.removeItem(key));
  // Show the reason box only for "absent with a reason".
  function toggleReasons() {
    for (const row of form.querySelectorAll(".attendance-row")) {
      const excused = row.querySelector('input[type=radio][value="absent_excused"]');
      const reason = row.querySelector(".reason");
      if (excused && reason) reason.hidden = !excused.checked;
    }
  }
  form.addEventListener("change", toggleReasons);
  toggleReasons();
  if (status && !navigator.onLine) status.textContent = form.dataset.offlineText || "";
})();
