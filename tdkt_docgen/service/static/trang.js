// A little help on top of a page that works without it (the page refreshes itself through a <noscript>
// meta refresh): the error summary takes the focus, and a job's progress is updated in place from the API
// (the aria-live region then announces only the count), the page reloaded once the job moves on.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("tom-tat-loi");
  if (summary) { summary.focus(); }
  var region = document.getElementById("tien-do");
  if (!region || !region.dataset.viec) { return; }
  if (region.dataset.xemTruoc) {  // waiting for the preview image: nothing to count, look again soon
    setTimeout(function () { location.reload(); }, 1000);
    return;
  }
  var names = {queued: "Đang chờ", running: "Đang tạo", done: "Đã xong"};
  var failed = 0;
  function poll() {
    fetch(region.dataset.viec, {credentials: "same-origin"}).then(function (answer) {
      return answer.ok ? answer.json() : null;
    }).then(function (job) {
      if (!job) { setTimeout(poll, 2000); return; }
      var count = job.progress.done + job.progress.failed;
      document.getElementById("so-da-xong").textContent = job.progress.text;
      document.getElementById("trang-thai").textContent = names[job.status] || job.status;
      var bar = document.getElementById("thanh-tien-do");
      if (bar) { bar.value = count; }
      if (job.status === "done" || job.progress.failed !== failed) { location.reload(); return; }
      setTimeout(poll, 700);
    }).catch(function () { setTimeout(poll, 2000); });
  }
  failed = Number(region.dataset.loi || 0);
  poll();
});
