(function () {
  "use strict";
  var form = document.getElementById("survey");
  if (!form || form.dataset.preview) { return; }
  var key = form.dataset.storageKey;
  var status = document.getElementById("status");
  var send = document.getElementById("send");
  var idField = form.elements.namedItem("submissionId");
  var dirty = false;

  function load() { try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; } }
  function answers() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if ((el.type === "radio" && el.checked) || (el.tagName === "TEXTAREA" && el.value)) { values[el.name] = el.value; }
    });
    return values;
  }
  function save() {
    try { localStorage.setItem(key, JSON.stringify({ submissionId: idField.value, answers: answers() })); } catch (e) { }
  }
  function progress() {
    var names = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]:checked"), function (el) { names[el.name] = true; });
    var answered = Object.keys(names).length;
    var total = Number(form.dataset.total);
    document.getElementById("progress-bar").value = answered;
    document.getElementById("progress-text").textContent = form.dataset.progress.replace("{answered}", answered).replace("{total}", total);
  }
  function restore() {
    var saved = load();
    if (!saved) { return; }
    // Keep the first submission id: a retry after a reload or a lost connection stays the same submission.
    if (saved.submissionId) { idField.value = saved.submissionId; }
    Object.keys(saved.answers || {}).forEach(function (name) {
      var value = saved.answers[name];
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + CSS.escape(name) + "']"), function (el) {
        if (el.type === "radio") { el.checked = el.value === value; } else { el.value = value; }
      });
    });
    dirty = Object.keys(saved.answers || {}).length > 0;
  }
  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll(".js-error"), function (el) { el.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll(".has-error"), function (el) { el.classList.remove("has-error"); });
    status.textContent = "";
  }
  function showErrors(problem) {
    clearErrors();
    var messages = { "out-of-range": form.dataset.errorRange, "not-a-number": form.dataset.errorRange, "empty": form.dataset.errorEmpty };
    var first = null;
    Object.keys(problem.errors || {}).forEach(function (field) {
      var id = field.replace(/^answers\./, "q-").replace(/^openText\./, "t-");
      var target = document.getElementById(id);
      var text = messages[problem.code === "invalid-submission" ? (problem.errorCodes || {})[field] : problem.code] || form.dataset.errorGeneric;
      if (target) {
        var holder = target.tagName === "TEXTAREA" ? target.parentElement : target;
        holder.classList.add("has-error");
        var p = document.createElement("p");
        p.className = "field-error js-error";
        p.id = "e-" + id;
        p.textContent = text;
        holder.insertBefore(p, target.tagName === "TEXTAREA" ? target : holder.querySelector(".options"));
        target.setAttribute("aria-describedby", p.id);
        first = first || (target.querySelector ? (target.querySelector("input") || target) : target);
      }
    });
    status.textContent = form.dataset.errorSummary + " " + (first ? "" : form.dataset.errorEmpty);
    if (first) { first.focus(); }
  }

  restore();
  progress();
  form.addEventListener("change", function () { dirty = true; save(); progress(); document.getElementById("saved-hint").hidden = false; });
  form.addEventListener("input", function () { dirty = true; save(); });
  window.addEventListener("beforeunload", function (event) { if (dirty) { event.preventDefault(); event.returnValue = form.dataset.leave; } });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
    send.disabled = true;
    var label = send.textContent;
    send.textContent = form.dataset.submitting;
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 202) {
          dirty = false;
          try { localStorage.removeItem(key); } catch (e) { }
          var url = new URL(window.location.href);
          url.search = "";
          url.searchParams.set("lang", form.dataset.lang);
          url.searchParams.set("receipt", body.receiptId);
          window.location.replace(url.toString());
        } else if (response.status === 400 && body.code === "invalid-submission") {
          showErrors(body);
        } else if (response.status >= 500) {
          status.textContent = form.dataset.offline;
        } else {
          // Closed round, used or revoked link, expired page: the page itself explains it in the right language.
          dirty = false;
          window.location.reload();
        }
      });
    }).catch(function () {
      status.textContent = form.dataset.offline;
    }).finally(function () {
      send.disabled = false;
      send.textContent = label;
    });
  });
})();
