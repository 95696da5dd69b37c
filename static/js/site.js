// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so keyboard and screen-reader users land on it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // Messages present at load are re-announced: live regions speak changes, not content.
    var region = document.getElementById("flash-region");
    if (region) {
      var messages = Array.prototype.slice.call(region.querySelectorAll("[data-flash]"));
      if (messages.length) {
        messages.forEach(function (m) { region.removeChild(m); });
        window.setTimeout(function () {
          messages.forEach(function (m) { region.appendChild(m); });
        }, 150);
      }
    }
    // Links in the error summary focus their field (not just scroll to it).
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      }
    });
  });
})();
