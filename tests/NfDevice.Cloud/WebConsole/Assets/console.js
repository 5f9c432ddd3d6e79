// nf-device console: progressive enhancement only (search in pickers, confirmation dialogs, live job detail).
// Every form also works without this script; nothing here builds HTML from strings.
(function () {
  "use strict";

  function words(status) {
    var s = (status || "").replace(/_/g, " ").toLowerCase();
    return s ? s.charAt(0).toUpperCase() + s.slice(1) : "—";
  }

  function tone(status) {
    switch ((status || "").toUpperCase()) {
      case "SUCCEEDED": case "COMPLETED": return "success";
      case "IN_PROGRESS": case "QUEUED": case "SCHEDULED": return "progress";
      case "FAILED": case "REJECTED": case "TIMED_OUT": return "failure";
      default: return "neutral";
    }
  }

  function badge(el, status) {
    el.className = "badge " + tone(status);
    el.textContent = words(status);
    el.setAttribute("data-status", status);
  }

  // Pickers: a search box filters the options below it; checked options stay visible.
  document.querySelectorAll("[data-filter]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      list.querySelectorAll("li").forEach(function (li) {
        var checked = li.querySelector("input:checked");
        li.hidden = q !== "" && !checked && li.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });

  // Confirmation dialogs open and close by their buttons' command/commandfor attributes, without this script, so a
  // click that comes before the script has run still works. This is the fallback for browsers without invoker commands.
  if (!("commandForElement" in HTMLButtonElement.prototype)) {
    document.querySelectorAll("button[commandfor]").forEach(function (button) {
      button.addEventListener("click", function () {
        var dialog = document.getElementById(button.getAttribute("commandfor"));
        if (!dialog) return;
        if (button.getAttribute("command") === "show-modal") dialog.showModal();
        else if (button.getAttribute("command") === "close") dialog.close();
      });
    });
  }

  // Live job detail: server-sent events replace counts, status and execution rows as devices report.
  var live = document.querySelector("[data-live-job]");
  if (live && window.EventSource) {
    var indicator = document.querySelector("[data-live-indicator]");
    var source = new EventSource(live.getAttribute("data-live-job"));
    source.onopen = function () { if (indicator) { indicator.classList.add("on"); indicator.textContent = "Live"; } };
    source.onerror = function () { if (indicator) { indicator.classList.remove("on"); indicator.textContent = "Reconnecting…"; } };
    source.addEventListener("gone", function () {
      source.close();
      var note = document.getElementById("job-gone");
      if (note) note.hidden = false;
    });
    source.onmessage = function (e) {
      var state = JSON.parse(e.data);
      var status = document.querySelector("[data-job-status]");
      if (status) badge(status, state.status);
      [["[data-job-updated]", state.lastUpdated], ["[data-job-completed]", state.completed]].forEach(function (pair) {
        var el = document.querySelector(pair[0]);
        if (el) el.textContent = pair[1];
      });
      Object.keys(state.counts).forEach(function (k) {
        var n = document.querySelector('[data-count="' + k + '"]');
        if (n) n.textContent = state.counts[k];
      });
      var body = document.getElementById("executions");
      if (!body) return;
      var template = document.getElementById("execution-row");
      body.textContent = "";
      state.executions.forEach(function (x) {
        var row = template.content.firstElementChild.cloneNode(true);
        var thing = row.querySelector("[data-thing]");
        thing.textContent = x.thing;
        thing.href = "/console/things/" + encodeURIComponent(x.thing);
        row.querySelector("[data-number]").textContent = x.number;
        badge(row.querySelector("[data-status]"), x.status);
        var bar = row.querySelector(".bar");
        bar.className = "bar " + (x.status === "SUCCEEDED" ? "success" : tone(x.status) === "failure" ? "failure" : "");
        bar.value = x.percent == null ? 0 : x.percent;
        row.querySelector("[data-progress]").textContent =
          (x.percent == null ? "" : x.percent + " %") + (x.progress ? (x.percent == null ? "" : " · ") + x.progress : "");
        row.querySelector("[data-reason]").textContent = x.reason || "";
        row.querySelector("[data-updated]").textContent = x.updated;
        body.appendChild(row);
      });
      if (state.executions.length === 0) {
        var empty = document.getElementById("executions-empty");
        if (empty) body.appendChild(empty.content.firstElementChild.cloneNode(true));
      }
    };
  }
})();
