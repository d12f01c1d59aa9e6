// Linked tabs inside a closed <details> (the stack banner's install lines, from
// hooks/stack_tabs.py) follow the reader's stack too. Material restores the last chosen
// label by comparing each label's innerText, which is empty while its <details> is
// closed, and switches tabs on a click the same way: those sets would stay on the first
// tab. This picks the reader's latest choice by textContent on every page (also after an
// instant-navigation switch, document$) and again whenever a <details> opens.
(function () {
  "use strict";

  function restore(root) {
    var chosen = typeof __md_get === "function" ? __md_get("__tabs") : null;
    if (!Array.isArray(chosen)) return;
    root.querySelectorAll("details .tabbed-set").forEach(function (set) {
      var labels = set.querySelectorAll(":scope > .tabbed-labels > label");
      for (var i = 0; i < chosen.length; i++) {
        for (var j = 0; j < labels.length; j++) {
          if (labels[j].textContent.trim() === chosen[i]) {
            var input = document.getElementById(labels[j].htmlFor);
            if (input) input.checked = true;
            return;
          }
        }
      }
    });
  }

  function scan() {
    restore(document);
    document.querySelectorAll("details").forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) restore(details.parentElement || document);
      });
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(scan);
  } else {
    document.addEventListener("DOMContentLoaded", scan);
  }
})();
