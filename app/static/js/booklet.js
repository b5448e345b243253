// A small help only: the booklet works the same without it.
// When a page comes back with a problem, take the reader straight to the list of what to fix.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
