// notifyd admin: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it, as GOV.UK does.
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }

  // Error summary links: focus the field itself, scrolled so its label shows.
  document.querySelectorAll(".error-summary__list a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var id = link.getAttribute("href").slice(1);
      var field = document.getElementById(id);
      if (!field) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector("label[for='" + id + "']") || field;
      var group = field.closest("fieldset") || label;
      group.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });

  // A value shown once (a new API key) must not come back with the Back button: browsers may
  // keep the whole page in their back/forward cache despite `Cache-Control: no-store`. Wipe it
  // when leaving, and if the page is restored anyway, reload it (the server then has nothing
  // to show and sends the browser to the list).
  document.querySelectorAll("[data-shown-once]").forEach(function (secret) {
    window.addEventListener("pagehide", function () {
      secret.textContent = "";
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        window.location.reload();
      }
    });
  });

  // The inbox's live view: when the service sends something (server-sent events), fetch the
  // page again and swap in its fresh table. Bursts of events cause one refresh.
  var live = document.querySelector("[data-live]");
  if (live && window.EventSource && window.fetch && window.DOMParser) {
    var waiting = false;
    var source = new EventSource(live.getAttribute("data-live"));
    source.addEventListener("notification", function () {
      if (waiting) {
        return;
      }
      waiting = true;
      window.setTimeout(function () {
        fetch(window.location.href, { credentials: "same-origin" })
          .then(function (response) { return response.text(); })
          .then(function (text) {
            var fresh = new DOMParser().parseFromString(text, "text/html").querySelector("[data-live]");
            if (fresh) {
              live.innerHTML = fresh.innerHTML;
            }
          })
          .finally(function () { waiting = false; });
      }, 250);
    });
  }

  // Copy buttons for values shown once (API keys).
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  document.querySelectorAll("[data-copy-target]").forEach(function (holder) {
    var target = document.getElementById(holder.getAttribute("data-copy-target"));
    if (!target) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.id = "copy-button";
    button.textContent = holder.getAttribute("data-copy-label") || "Copy to clipboard";
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(target.textContent.trim()).then(
        function () { status.textContent = "Copied to clipboard"; },
        function () { status.textContent = "Select the key and copy it"; }
      );
    });
    holder.appendChild(button);
    holder.appendChild(status);
  });
})();
