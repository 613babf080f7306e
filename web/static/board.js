// The live board: server-sent events bring a new seat map whenever the
// database changes; without JavaScript the page reloads itself instead.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("board");
  if (!box || !window.EventSource) return;
  var es = new EventSource(box.dataset.events);
  var live = document.getElementById("live");
  es.addEventListener("board", function (e) {
    // Keep an open "操作" panel and a note being typed.
    if (box.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    box.innerHTML = e.data;
    if (live) live.hidden = false;
  });
  es.onerror = function () { if (live) live.hidden = true; };
});
