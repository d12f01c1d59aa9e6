// A box that scrolls must be reachable with the keyboard (WCAG 2.1.1): a wide table,
// a row of tab labels too long for the column, a notebook cell or its output gets
// tabindex="0" while its content overflows, so Tab
// can focus it and the arrow keys scroll it. Material does the same for code blocks.
// Runs on every page, also after an instant-navigation page switch (document$).
(function () {
  "use strict";
  var BOXES = [
    ".md-typeset__scrollwrap",
    ".md-typeset .tabbed-labels",
    ".jupyter-wrapper .highlight-ipynb",
    ".jupyter-wrapper .jp-OutputArea-output",
    ".jupyter-wrapper .jp-OutputArea-output pre",
  ].join(", ");

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 ||
      box.scrollHeight > box.clientHeight + 1;
    var style = getComputedStyle(box);
    var canScroll = /auto|scroll/.test(style.overflowX + " " + style.overflowY);
    if (scrolls && canScroll) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("data-scroll-focus", "");
    } else if (box.hasAttribute("data-scroll-focus")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("data-scroll-focus");
    }
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });

  function scan() {
    observer.disconnect();
    document.querySelectorAll(BOXES).forEach(function (box) {
      update(box);
      observer.observe(box);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(scan);
  } else {
    document.addEventListener("DOMContentLoaded", scan);
  }
})();
