// Reach page: re-read the page every few seconds and swap the live part in place.
// Without JavaScript the <noscript> meta refresh reloads the whole page instead.
(function () {
  "use strict";
  var live = document.getElementById("reach-live");
  if (!live || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(live.getAttribute("data-live-seconds"), 10) || 5;
  function refresh() {
    if (document.hidden) { return; }
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("reach-live");
        var current = document.getElementById("reach-live");
        if (fresh && current) { current.replaceWith(fresh); }
      })
      .catch(function () { /* keep the numbers shown; the next round retries */ });
  }
  window.setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", refresh);
}());
