/* The page's few behaviours, in a static file so that the Content-Security-Policy can
   forbid every inline script and handler (script-src 'self'). No framework. */
(function () {
  "use strict";

  // The language switcher submits itself when a language is chosen (a <noscript> button
  // covers browsers without JavaScript). On a page htmx has re-filtered, it comes back to the
  // address as it is now (the filters pushed into it), not as the page was first served.
  document.querySelectorAll("form.lang select[name=language]").forEach(function (select) {
    select.addEventListener("change", function () {
      var form = select.form;
      if (form.hasAttribute("data-follow-address")) {
        form.elements.next.value = window.location.pathname + window.location.search;
      }
      form.submit();
    });
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
