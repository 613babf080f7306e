// Report enhancements: zoom buttons and pinch for the knowledge map (it
// already pans by scrolling without this), and the print button.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-zoom]").forEach(function (box) {
    var svg = box.querySelector("svg");
    if (!svg) return;
    var w0 = svg.width.baseVal.value, h0 = svg.height.baseVal.value, scale = 1;
    function set(s) {
      scale = Math.min(3, Math.max(0.25, s));
      svg.setAttribute("width", Math.round(w0 * scale));
      svg.setAttribute("height", Math.round(h0 * scale));
    }
    // Start by fitting the map's width to the screen.
    set(Math.min(1, box.clientWidth / w0));
    var bar = document.createElement("div");
    bar.className = "zoombar";
    [["−", 1 / 1.25, "缩小"], ["＋", 1.25, "放大"], ["适合屏幕", 0, "适合屏幕"]].forEach(function (z) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "secondary"; b.textContent = z[0]; b.setAttribute("aria-label", z[2]);
      b.addEventListener("click", function () { set(z[1] ? scale * z[1] : box.clientWidth / w0); });
      bar.appendChild(b);
    });
    box.parentNode.insertBefore(bar, box);
    var pinch = 0;
    box.addEventListener("touchmove", function (e) {
      if (e.touches.length !== 2) return;
      var d = Math.hypot(e.touches[0].clientX - e.touches[1].clientX, e.touches[0].clientY - e.touches[1].clientY);
      if (pinch) set(scale * d / pinch);
      pinch = d;
      e.preventDefault();
    }, { passive: false });
    box.addEventListener("touchend", function () { pinch = 0; });
  });
});
