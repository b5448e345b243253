// A job's page moves its progress bar without reloading; without JavaScript the page's meta
// refresh reloads it instead. Once the job has finished, the page loads its result.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || !window.fetch) return;
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  var bar = document.getElementById("job-bar");
  var label = document.getElementById("job-label");
  var rows = document.getElementById("job-rows");
  function check() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        // An import counts its rows: the bar then shows the rows of the step it is on.
        if (job.rows_text) {
          bar.max = job.rows_total;
          bar.value = job.rows_done;
          rows.textContent = job.rows_text;
          rows.hidden = false;
        } else {
          bar.max = job.steps;
          bar.value = job.step;
        }
        label.textContent = job.text;
        window.setTimeout(check, 1000);
      })
      .catch(function () { window.setTimeout(check, 3000); });
  }
  window.setTimeout(check, 1000);
})();
