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

/* Briefs: on a brief, a caveat's note folds under its claim, and a long list of cited passages
   under a line that counts them (<details class="brief-fold">). A link to a caveat, or to anything
   in a fold (a back-link to a citation marker in a note), opens it before the browser or Material's
   instant navigation scrolls there, so that the target is in view and :target marks it; so does
   a page opened at such an address, and printing shows every fold. Each caveat section's "Show
   all notes" button opens or folds every note in it, and says which it will do next. */
(function () {
  "use strict";
  var FOLD = "details.brief-fold";
  var NOTE = "details.brief-caveat__details";
  // the link last followed, for Material's instant navigation, which may render even the page itself
  // afresh for it: where it leads, the page it was followed on and, when it leads within that page,
  // the folds that were open there, to open again
  var followed = null;

  function reveal(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target) return null;
    var own = target.querySelector(":scope > " + NOTE);
    if (own) own.open = true;
    for (var outer = target.closest("details"); outer; outer = outer.parentElement.closest("details")) outer.open = true;
    return target;
  }

  function hash() {
    return location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
  }

  function label(section) {
    var button = section.querySelector(".brief-notes__toggle > button");
    if (!button) return;
    var shut = section.querySelector(NOTE + ":not([open])") !== null;
    button.textContent = shut ? button.dataset.show : button.dataset.hide;
    button.setAttribute("aria-expanded", shut ? "false" : "true");
  }

  function ready() {
    var toggles = document.querySelectorAll(".brief-notes__toggle[hidden]");
    for (var i = 0; i < toggles.length; i++) toggles[i].hidden = false;
    var link = followed !== null && followed.href === location.href ? followed : null;  // not back or forward
    var folds = document.querySelectorAll(FOLD);
    var within = link !== null && link.open !== null && link.path === location.pathname && link.open.length === folds.length;
    for (var j = 0; within && j < folds.length; j++) {
      if (link.open[j]) folds[j].open = true;
    }
    followed = null;
    // Material has moved to the link's target already: before the folds above it opened again, or
    // not at all when the page had scrolled just before (it goes back there, and :target stays
    // unset). The move is made again as Material makes it, by a click on a link to the fragment.
    var target = reveal(hash());
    if (target && link !== null && (within || !target.matches(":target"))) {
      var again = document.createElement("a");
      again.href = location.hash;
      again.addEventListener("click", function (event) { event.stopPropagation(); });
      again.click();
    }
  }

  document.addEventListener("click", function (event) {
    var element = event.target instanceof Element ? event.target : null;
    var button = element ? element.closest(".brief-notes__toggle > button") : null;
    if (button) {
      var section = button.closest(".brief-notes");
      var open = button.getAttribute("aria-expanded") !== "true";
      var notes = section.querySelectorAll(NOTE);
      for (var i = 0; i < notes.length; i++) notes[i].open = open;
      label(section);
      return;
    }
    var link = element ? element.closest("a[href]") : null;
    if (!link) return;
    var url = new URL(link.href, location.href);
    var here = url.origin === location.origin && url.pathname === location.pathname && url.hash !== "";
    followed = { href: url.href, path: location.pathname, open: here ? Array.prototype.map.call(document.querySelectorAll(FOLD), function (fold) { return fold.open; }) : null };
    if (here) reveal(decodeURIComponent(url.hash.slice(1)));
  }, true);

  // a note opened or folded by hand: its section's button follows (toggle does not bubble; capture sees it)
  document.addEventListener("toggle", function (event) {
    var section = event.target instanceof Element && event.target.matches(NOTE) ? event.target.closest(".brief-notes") : null;
    if (section) label(section);
  }, true);

  window.addEventListener("hashchange", function () { reveal(hash()); });

  // printed, the page shows every fold; folded again afterwards as it was
  var printed = [];
  window.addEventListener("beforeprint", function () {
    printed = Array.prototype.slice.call(document.querySelectorAll(FOLD + ":not([open])"));
    for (var i = 0; i < printed.length; i++) printed[i].open = true;
  });
  window.addEventListener("afterprint", function () {
    for (var i = 0; i < printed.length; i++) printed[i].open = false;
    printed = [];
  });

  // Material's instant navigation swaps the page without loading it: document$ says when
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(ready);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
