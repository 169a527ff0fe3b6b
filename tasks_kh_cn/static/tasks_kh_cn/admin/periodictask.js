/* django-celery-beat's periodic-task form: the crontab's readable translation under its help
   text. The package ships this inline; as a file it runs under the CSP (script-src 'self'). */
(function () {
  "use strict";
  var $ = django.jQuery;
  var readableCrontabs = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var originalHelp = JSON.parse(document.getElementById("crontab-help").textContent);
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    $(".field-crontab .help").html(
      originalHelp + "<br/>Translation: " + readableCrontabs[$("#id_crontab").val()]);
  });
})();
