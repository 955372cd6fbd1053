// Behaviour every page shares, kept out of the markup: the Content-Security-Policy runs no
// inline handler (onchange=…), only scripts served from our static files.
(function () {
  // A select that applies itself when changed (the language, a list's filter): its form is sent.
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
})();
