// A little help on top of a page that works without it: the error summary takes the focus (so a screen
// reader reads it at once and the keyboard starts there).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("tom-tat-loi");
  if (summary) { summary.focus(); }
});
