// Conveniences only: every function of the admin page works without this file.
(function () {
  "use strict";

  // Ask before archiving (the form still posts normally without JS).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  var form = document.getElementById("notice-form");
  if (!form) { return; }
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var bar = document.getElementById("preview-bar");
  var badge = document.getElementById("preview-badge");
  var urgentBadge = document.getElementById("preview-urgent");
  var title = document.getElementById("preview-title");
  var body = document.getElementById("preview-body");

  function value(name) {
    var el = form.elements[name];
    return el ? el.value : "";
  }

  // Live preview: the same text the server renders for the static preview.
  function updatePreview() {
    var category = value("category");
    var urgent = value("priority") === "urgent";
    // Two badges as on the bar: 긴급 (only when urgent), then the category.
    badge.className = "badge " + (labels.categories[category] ? category : "notice");
    badge.textContent = labels.categories[category] || labels.categories.notice;
    urgentBadge.hidden = !urgent;
    bar.classList.toggle("urgent", urgent);
    title.textContent = value("title") || "…";
    var text = value("body").replace(/\s+/g, " ").trim();
    body.textContent = text.length > 160 ? text.slice(0, 159) + "…" : text;
  }

  // Weekdays only matter for weekly repeats; time window for any repeat.
  function updateRecurrence() {
    var checked = form.querySelector("input[name=recurrence]:checked");
    var kind = checked ? checked.value : "none";
    form.querySelectorAll("input[name='recurrence.weekdays']").forEach(function (box) {
      box.disabled = kind !== "weekly";
    });
    ["recurrence.start", "recurrence.end"].forEach(function (name) {
      form.elements[name].disabled = kind === "none";
    });
  }

  // A start later than the end is the commonest slip: move the end along with the start.
  var starts = form.elements["starts_at"];
  var ends = form.elements["ends_at"];
  var lastStart = starts.value;
  starts.addEventListener("change", function () {
    if (lastStart && starts.value && ends.value) {
      var shift = Date.parse(starts.value) - Date.parse(lastStart);
      if (!isNaN(shift) && Date.parse(ends.value) <= Date.parse(starts.value)) {
        var end = new Date(Date.parse(ends.value) + shift);
        var pad = function (n) { return String(n).padStart(2, "0"); };
        ends.value = end.getFullYear() + "-" + pad(end.getMonth() + 1) + "-" + pad(end.getDate()) +
          "T" + pad(end.getHours()) + ":" + pad(end.getMinutes());
      }
    }
    lastStart = starts.value;
  });

  form.addEventListener("input", updatePreview);
  form.addEventListener("change", function () { updatePreview(); updateRecurrence(); });
  // Disabled inputs are not posted; enable them all just before submitting so nothing typed is lost.
  form.addEventListener("submit", function () {
    form.querySelectorAll("input:disabled").forEach(function (el) { el.disabled = false; });
  });
  updateRecurrence();
  updatePreview();
}());
