(function () {
  "use strict";
  // Updates the round page's response rates and email counts while answers arrive, without reloading the page. The
  // page works without it (its Refresh link loads it again); Pause stops the updates (WCAG 2.2.2).
  var section = document.getElementById("progress");
  if (!section || !section.dataset.refresh || !window.fetch || !window.DOMParser) { return; }
  var pause = document.getElementById("pause");
  var paused = false;
  var every = Math.max(1, parseInt(section.dataset.refresh, 10)) * 1000;
  pause.hidden = false;
  pause.addEventListener("click", function () {
    paused = !paused;
    pause.setAttribute("aria-pressed", paused ? "true" : "false");
    document.getElementById("updated").textContent = paused ? section.dataset.paused : section.dataset.resumed;
  });
  function swap(fresh, id) {
    var now = document.getElementById(id);
    var next = fresh.getElementById(id);
    if (now && next) { now.replaceWith(document.importNode(next, true)); }
  }
  function update() {
    if (paused || document.hidden) { return; }
    fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok && response.url.indexOf("/sign-in") < 0 ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        swap(fresh, "rates");
        swap(fresh, "emails");
        swap(fresh, "updated");
      })
      .catch(function () { });
  }
  window.setInterval(update, every);
}());
