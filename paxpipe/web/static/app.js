// paxpipe review: countdowns that keep ticking, and the note a decision requires. Served by the app
// itself (CSP script-src 'self'); the pages work without it.
(function () {
  "use strict";
  function fmt(ms) {
    var past = ms < 0, m = Math.floor(Math.abs(ms) / 60000);
    var d = Math.floor(m / 1440), h = Math.floor((m % 1440) / 60), mm = m % 60;
    var text = (d ? d + "d " : "") + (d || h ? h + "h " : "") + (mm < 10 ? "0" : "") + mm + "m";
    return past ? "landed " + text + " ago" : "in " + text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-arrival]").forEach(function (el) {
      var t = Date.parse(el.getAttribute("data-arrival"));
      if (!isNaN(t)) {
        el.textContent = fmt(t - now);
        el.classList.toggle("soon", t - now < 2 * 3600 * 1000 && t > now);
      }
    });
  }
  function notes() {
    var form = document.getElementById("decide");
    if (!form) return;
    var note = form.querySelector("textarea[name=note]");
    form.addEventListener("change", function () {
      var chosen = form.querySelector("input[name=outcome]:checked");
      note.required = !!chosen && (chosen.value === "false_positive" || chosen.value === "escalated");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 30000);
    notes();
    // Open the raw message at the traveller's own segments.
    var first = document.querySelector("#raw .seg.hl");
    if (first) first.parentNode.scrollTop = Math.max(0, first.offsetTop - first.parentNode.offsetTop - 40);
  });
})();
