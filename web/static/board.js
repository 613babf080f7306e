// The live board: server-sent events bring a new seat map whenever the
// database changes; without JavaScript the page reloads itself instead.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("board");
  if (!box || !window.EventSource) return;
  var es = new EventSource(box.dataset.events);
  var live = document.getElementById("live");
  var shown = box.innerHTML.trim();
  es.addEventListener("board", function (e) {
    if (live) live.hidden = false;
    // The first event repeats what the page already shows: keep the DOM
    // (and a button about to be tapped) unless something changed.
    if (e.data.trim() === shown) return;
    // Keep a note being typed.
    if (box.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    box.innerHTML = e.data;
    shown = box.innerHTML.trim();
  });
  // A form on the board is being sent: the page that comes back is current.
  box.addEventListener("submit", function () { es.close(); });
  es.onerror = function () { if (live) live.hidden = true; };
});
