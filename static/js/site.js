// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so keyboard and screen-reader users land on it.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // Messages present at load are copied into an empty live region, which screen readers
    // announce (a live region speaks changes, not its content at load). The visible
    // messages stay where they are, so nothing on the page moves.
    var announcer = document.getElementById("announcer");
    var messages = Array.prototype.slice.call(document.querySelectorAll("[data-flash]"));
    if (announcer && messages.length) {
      window.setTimeout(function () {
        announcer.textContent = messages.map(function (m) { return m.textContent.trim(); }).join(" ");
      }, 150);
    }
    // Escape closes the open site menu and gives focus back to its button; so does a
    // click elsewhere on the page.
    var menu = document.querySelector("[data-menu]");
    if (menu) {
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
      document.addEventListener("click", function (event) {
        if (menu.open && !menu.contains(event.target)) { menu.open = false; }
      });
    }
    // An offer's form shows only the part for the kind chosen (a long form on a phone
    // otherwise); the hidden parts are disabled, so what they hold is not sent. Without
    // this script, or before a kind is chosen, every part shows.
    var kindParts = Array.prototype.slice.call(document.querySelectorAll("[data-offer-kinds]"));
    if (kindParts.length) {
      var showKindParts = function () {
        var chosen = document.querySelector("input[name='kind']:checked");
        kindParts.forEach(function (part) {
          var shown = !chosen || part.dataset.offerKinds.split(" ").indexOf(chosen.value) >= 0;
          part.hidden = !shown;
          part.disabled = !shown;
        });
      };
      document.querySelectorAll("input[name='kind']").forEach(function (radio) {
        radio.addEventListener("change", showKindParts);
      });
      showKindParts();
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
