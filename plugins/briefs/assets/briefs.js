/* Briefs: on a touch screen, a tap on a citation marker opens its passage in place instead of
   leaving for the list of sources; the passage offers a link on to the source. Another tap on
   the marker, a tap elsewhere or Escape closes it. A mouse or a keyboard follows the marker's
   link as ever (the passage shows on hover and focus). Listening on the document, in the capture
   phase, so that Material's instant navigation neither takes the tap first nor needs telling
   when it swaps the page. Nothing is fetched. */
(function () {
  "use strict";
  var OPEN = "brief-cite--open";
  var touched = false;  // the last pointer to go down was a finger or a pen

  function markerOf(target) {
    var link = target instanceof Element ? target.closest(".brief-cite > a") : null;
    return link ? link.parentElement : null;
  }

  function close(except) {
    var open = document.querySelectorAll(".brief-cite." + OPEN);
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) {
        open[i].classList.remove(OPEN);
        open[i].firstElementChild.setAttribute("aria-expanded", "false");
      }
    }
  }

  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" || event.pointerType === "pen";
  }, true);

  document.addEventListener("click", function (event) {
    var marker = markerOf(event.target);
    if (!marker) {
      if (!(event.target instanceof Element && event.target.closest(".brief-cite__passage"))) close(null);
      return;
    }
    if (!touched) return;
    event.preventDefault();
    event.stopPropagation();
    close(marker);
    var opened = marker.classList.toggle(OPEN);
    marker.firstElementChild.setAttribute("aria-expanded", opened ? "true" : "false");
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") close(null);
  });
})();
