(function () {
  "use strict";
  // Improves the server-rendered form, which works without it: answers are kept in this browser until they are
  // sent (a reload or a lost connection loses nothing; see data-storage for how long they are kept), the same submission id is reused on every
  // attempt (so a retry is never stored twice), and the person stays on the page when the server cannot be reached.
  var form = document.getElementById("survey");
  if (!form || form.dataset.preview) { return; }
  var key = form.dataset.storageKey;
  var store = null;
  try { store = form.dataset.storage === "session" ? window.sessionStorage : window.localStorage; } catch (e) { }
  var status = document.getElementById("status");
  var send = document.getElementById("send");
  var savedHint = document.getElementById("saved-hint");
  var slot = document.getElementById("error-summary-slot");
  var idField = form.elements.namedItem("submissionId");
  var dirty = false;
  var leaving = false;
  var sending = false;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function load() { try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; } }
  function answers() {
    var values = {};
    each(form.elements, function (el) {
      if ((el.type === "radio" && el.checked) || (el.tagName === "TEXTAREA" && el.value)) { values[el.name] = el.value; }
    });
    return values;
  }
  function save() {
    try { store.setItem(key, JSON.stringify({ submissionId: idField.value, answers: answers() })); } catch (e) { }
  }
  function progress() {
    var names = {};
    each(form.querySelectorAll("input[type=radio][name^='a:']:checked"), function (el) { names[el.name] = true; });
    var answered = Object.keys(names).length;
    document.getElementById("progress-bar").value = answered;
    document.getElementById("progress-text").textContent = form.dataset.progress.replace("{answered}", answered).replace("{total}", form.dataset.total);
  }
  function restore() {
    var saved = load();
    if (!saved) { return; }
    // Keep the first submission id: a retry after a reload or a lost connection stays the same submission.
    if (saved.submissionId) { idField.value = saved.submissionId; }
    Object.keys(saved.answers || {}).forEach(function (name) {
      var value = saved.answers[name];
      each(form.querySelectorAll("[name='" + CSS.escape(name) + "']"), function (el) {
        if (el.type === "radio") { el.checked = el.value === value; } else { el.value = value; }
      });
    });
    dirty = Object.keys(saved.answers || {}).length > 0;
    savedHint.hidden = !dirty;
  }

  // A field of the form by the name the server uses for it: answers.<item> or openText.<prompt>.
  function fieldFor(name) {
    var item = /^answers\.(.+)$/.exec(name);
    if (item) { return document.getElementById("q-" + item[1]); }
    var prompt = /^openText\.(.+)$/.exec(name);
    return prompt ? document.getElementById("p-" + prompt[1]) : null;
  }
  function clearFieldError(holder) {
    each(holder.querySelectorAll(".field-error"), function (el) { el.remove(); });
    holder.classList.remove("has-error");
    var textarea = holder.querySelector("textarea");
    if (textarea) { textarea.setAttribute("aria-describedby", "h-" + holder.id.slice(2)); } else { holder.removeAttribute("aria-describedby"); }
  }
  function clearErrors() {
    slot.textContent = "";
    each(form.querySelectorAll(".has-error"), clearFieldError);
    status.textContent = "";
  }
  // The same markup the server renders for a form posted without JavaScript: a summary that takes focus (and is
  // announced), linking to each field, and each message beside its field, tied to it by aria-describedby.
  function showErrors(problem) {
    clearErrors();
    var messages = problem.messages || {};
    var entries = Object.keys(messages).map(function (name) { return { name: name, holder: fieldFor(name), text: messages[name] }; });
    entries.sort(function (a, b) {
      if (!a.holder || !b.holder) { return a.holder ? 1 : b.holder ? -1 : 0; }
      return a.holder.compareDocumentPosition(b.holder) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.id = "error-summary";
    summary.setAttribute("role", "alert");
    summary.tabIndex = -1;
    var heading = document.createElement("h2");
    heading.textContent = form.dataset.errorSummary;
    var list = document.createElement("ul");
    summary.appendChild(heading);
    summary.appendChild(list);
    if (entries.length === 0) { entries.push({ name: "", holder: null, text: form.dataset.errorGeneric }); }
    entries.forEach(function (entry) {
      var holder = entry.holder;
      var link = document.createElement("a");
      var first = form.querySelector("fieldset.item");
      link.href = "#" + (holder ? (holder.querySelector("textarea") || holder).id : first.id);
      link.textContent = holder && holder.dataset.number
        ? form.dataset.errorAt.replace("{number}", holder.dataset.number).replace("{message}", entry.text)
        : entry.text;
      var li = document.createElement("li");
      li.appendChild(link);
      list.appendChild(li);
      if (!holder) { return; }
      var id = "e-" + holder.id.slice(2);
      var p = document.createElement("p");
      p.className = "field-error";
      p.id = id;
      p.textContent = entry.text;
      holder.classList.add("has-error");
      var textarea = holder.querySelector("textarea");
      if (textarea) {
        holder.insertBefore(p, textarea);
        textarea.setAttribute("aria-describedby", "h-" + holder.id.slice(2) + " " + id);
      } else {
        holder.insertBefore(p, holder.querySelector(".options"));
        holder.setAttribute("aria-describedby", id);
      }
    });
    slot.appendChild(summary);
    summary.focus();
  }

  // A link in the error summary puts the keyboard on the question itself, not only the screen.
  slot.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var input = target.matches("textarea") ? target : (target.querySelector("input:checked") || target.querySelector("input"));
    target.scrollIntoView({ block: "start" });
    if (input) { input.focus({ preventScroll: true }); }
  });

  restore();
  progress();
  form.addEventListener("change", function (event) {
    dirty = true;
    save();
    progress();
    savedHint.hidden = false;
    var holder = event.target.closest(".has-error");
    if (holder && event.target.type === "radio") { clearFieldError(holder); }
  });
  form.addEventListener("input", function () { dirty = true; save(); });
  // Changing the language reloads the page; the answers come along through local storage, so no warning then.
  each(document.querySelectorAll("nav a[hreflang]"), function (a) { a.addEventListener("click", function () { leaving = true; }); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) { event.preventDefault(); event.returnValue = form.dataset.leave; }
  });

  function offline() { unsent(form.dataset.offline); }

  // Nothing was stored: say why beside Send, and bring both into view, so the person sees where to press again.
  function unsent(message) {
    status.textContent = message;
    send.scrollIntoView({ block: "end" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) { return; }
    save();
    status.textContent = "";
    // Not the disabled attribute: a disabled button drops the keyboard focus, and a person who was offline should
    // be able to press Send again right where they are.
    sending = true;
    send.setAttribute("aria-disabled", "true");
    var label = send.textContent;
    send.textContent = form.dataset.submitting;
    // A school network can hang a request instead of failing it; give up after a while so the person can retry.
    var abort = new AbortController();
    var timer = setTimeout(function () { abort.abort(); }, 30000);
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      signal: abort.signal
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 202) {
          dirty = false;
          try { store.removeItem(key); } catch (e) { }
          var url = new URL(window.location.href);
          url.search = "";
          url.hash = "";
          url.searchParams.set("lang", form.dataset.lang);
          url.searchParams.set("receipt", body.receiptId);
          window.location.replace(url.toString());
        } else if (response.status === 400 && body.code === "invalid-submission") {
          showErrors(body);
        } else if (response.status >= 500) {
          offline();
        } else if (response.status === 429) {
          // Too many answers from this computer through this link just now: the answers stay here to send again.
          unsent(form.dataset.busy);
        } else {
          // Closed round, used or revoked link, expired page: the page itself explains it in the right language,
          // and the answers stay in this browser for the reloaded form.
          leaving = true;
          window.location.reload();
        }
      });
    }).catch(offline).finally(function () {
      clearTimeout(timer);
      sending = false;
      send.removeAttribute("aria-disabled");
      send.textContent = label;
    });
  });
})();
