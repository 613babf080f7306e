// A page restored from the back-forward cache is shown without asking the
// server; after a logout that would show a minor's data again. Reload it so
// the server decides (and sends a logged-out browser to the login form).
window.addEventListener("pageshow", function (e) {
  if (e.persisted) location.reload();
});

// Answer keypad: a phone keypad may offer neither a minus sign nor a
// fraction bar, so number questions carry buttons that type them.
document.addEventListener("click", function (e) {
  var key = e.target.closest && e.target.closest("[data-insert]");
  if (!key || !key.form) return;
  var input = key.form.querySelector('input[name="answer"]');
  if (!input) return;
  var at = input.selectionStart == null ? input.value.length : input.selectionStart;
  var end = input.selectionEnd == null ? at : input.selectionEnd;
  input.value = input.value.slice(0, at) + key.dataset.insert + input.value.slice(end);
  input.focus();
  input.setSelectionRange(at + 1, at + 1);
});
