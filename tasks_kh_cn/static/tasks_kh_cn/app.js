/* The page's few behaviours, in a static file so that the Content-Security-Policy can
   forbid every inline script and handler (script-src 'self'). No framework. */
(function () {
  "use strict";

  // The language switcher submits itself when a language is chosen (a <noscript> button
  // covers browsers without JavaScript).
  document.querySelectorAll("form.lang select[name=language]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The running total of the points on a council ballot form.
  document.querySelectorAll("form.ballot-form").forEach(function (form) {
    var out = form.querySelector("[data-total]");
    if (!out) return;
    function sum() {
      var total = 0;
      form.querySelectorAll("input[data-points]").forEach(function (input) {
        var v = parseFloat(input.value.replace(",", "."));
        if (!isNaN(v)) total += v;
      });
      out.textContent = (Math.round(total * 100) / 100).toLocaleString(document.documentElement.lang || "vi");
    }
    form.addEventListener("input", sum);
    sum();
  });
})();
