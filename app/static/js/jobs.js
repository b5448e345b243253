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
  function check() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        bar.max = job.steps;
        bar.value = job.step;
        label.textContent = job.text;
        window.setTimeout(check, 1000);
      })
      .catch(function () { window.setTimeout(check, 3000); });
  }
  window.setTimeout(check, 1000);
})();
