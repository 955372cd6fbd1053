// The restructure form: only the fields of the chosen action (merge, split, dissolve) show.
// The fields name their action in data-restructure-action; no action chosen, none of them show.
(function () {
  const form = document.getElementById("restructure-form");
  if (!form) return;
  const fields = Array.from(form.querySelectorAll("[data-restructure-action]"));

  function wrapperOf(field) {
    return document.getElementById("div_" + field.id) || field.parentElement;
  }

  function show() {
    const chosen = form.querySelector('input[name="action"]:checked');
    for (const field of fields) {
      const wanted = chosen !== null && field.dataset.restructureAction === chosen.value;
      wrapperOf(field).hidden = !wanted;
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "action") show();
  });
  show();
})();
