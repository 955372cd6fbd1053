// Minutes editing: keep a copy of the draft in this browser until the server has it, so a
// dropped connection loses nothing; the server's autosave (htmx) is the real store.
(function () {
  const form = document.getElementById("minutes-form");
  if (!form) return;
  const key = form.dataset.draftKey;
  const status = document.getElementById("autosave-status");

  function snapshot() {
    const data = {};
    for (const element of form.elements) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.name === "revision") continue;
      if ((element.type === "radio" || element.type === "checkbox") && !element.checked) continue;
      data[element.name] = element.value;
    }
    return data;
  }

  function restore(data) {
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
    const differs = Object.entries(data).some(([name, value]) => snapshot()[name] !== value);
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

  form.addEventListener("input", () => localStorage.setItem(key, JSON.stringify(snapshot())));
  form.addEventListener("change", () => localStorage.setItem(key, JSON.stringify(snapshot())));
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt === form && event.detail.successful) localStorage.removeItem(key);
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
