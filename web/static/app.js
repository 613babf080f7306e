// A page restored from the back-forward cache is shown without asking the
// server; after a logout that would show a minor's data again. Reload it so
// the server decides (and sends a logged-out browser to the login form).
window.addEventListener("pageshow", function (e) {
  if (e.persisted) location.reload();
});
