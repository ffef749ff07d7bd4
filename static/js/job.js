// The import job page, better with a script: ask for the job's state every 1.5 s and show the
// stage in place; reload once the job is done or failed (the page then shows the result).
// Without this script the page reloads itself (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  var url = box && box.getAttribute("data-poll");
  if (!url) { return; }
  var stage = document.getElementById("job-stage");
  var heading = document.getElementById("job-state");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
          return;
        }
        if (stage && stage.textContent !== job.stage) { stage.textContent = job.stage; }
        if (heading && job.state === "running") { heading.textContent = "Making the draft…"; }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
