// Tell the server the browser's time zone, so "today" in Review is the student's own day.
// Without JavaScript the server uses the time zone in the review settings, else UTC.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || zone.length > 64) return;
  var cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  if (document.cookie.indexOf("tz=" + zone) === -1) {
    document.cookie = cookie;
  }
  var field = document.querySelector("[data-browser-zone]");
  if (field && !field.value) field.placeholder = zone + " (your browser's)";
})();
