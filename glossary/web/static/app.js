// glossary serve: lookup as you type, copy buttons, progress that moves. Every page works without
// this file; it only saves a click. The server escapes every text it sends; this script inserts
// the server's own HTML fragments and never builds markup from text.
"use strict";

(function () {
  // -- lookup as you type --------------------------------------------------------------------
  const form = document.querySelector("form[data-live]");
  if (form) {
    const input = form.querySelector("input[name=q]");
    const lang = form.querySelector("select[name=lang]");
    const results = document.getElementById("results");
    let pending = null;
    let shown = "";
    const update = function () {
      const params = new URLSearchParams();
      if (input.value.trim()) params.set("q", input.value);
      if (lang && lang.value) params.set("lang", lang.value);
      const query = params.toString();
      if (query === shown) return;
      shown = query;
      if (pending) pending.abort();
      pending = new AbortController();
      history.replaceState(null, "", query ? "/?" + query : "/");
      if (!params.has("q")) { results.replaceChildren(); return; }
      fetch(form.dataset.live + "?" + query, {signal: pending.signal, headers: {"Accept": "text/html"}})
        .then(function (r) { return r.text(); })
        .then(function (html) { results.innerHTML = html; results.dataset.query = query; })
        .catch(function () { /* a newer keystroke took over */ });
    };
    input.addEventListener("input", update);
    if (lang) lang.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); shown = ""; update(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; update(); }
      if (event.key === "ArrowDown") {
        const first = results.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    shown = new URLSearchParams(location.search).toString();
  }

  // "/" goes to the search box (not while typing in a field)
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = (document.activeElement && document.activeElement.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    const box = document.querySelector("input[type=search]");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  // -- copy buttons --------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    const text = button.dataset.copy;
    const done = function () {
      button.textContent = "Copied";
      button.classList.add("copied");
      setTimeout(function () { button.textContent = "Copy"; button.classList.remove("copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  });

  function fallback(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    area.remove();
  }

  // -- background runs: move the bars, reload when done ----------------------------------------
  const poll = document.querySelector("[data-poll]");
  if (poll) {
    const names = poll.dataset.poll.split(",");
    const tick = function () {
      fetch("/api/status", {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (status) {
          let waiting = false;
          names.forEach(function (name) {
            const job = status.jobs[name];
            const box = poll.querySelector("[data-job='" + name + "']");
            if (!job || !box) return;
            if (job.state === "waiting" || job.state === "running") waiting = true;
            box.dataset.state = job.state;
            box.querySelector(".job-state").textContent = job.state;
            let bar = box.querySelector("progress");
            let text = box.querySelector(".job-text");
            if (job.state === "running") {
              if (!bar) { bar = document.createElement("progress"); bar.max = 100; box.appendChild(bar); }
              if (job.percent !== null) bar.value = job.percent; else bar.removeAttribute("value");
              if (!text) { text = document.createElement("span"); text.className = "job-text"; box.appendChild(text); }
              text.textContent = (job.phase || "") + (job.percent !== null ? " " + job.percent + "%" : "") +
                (job.items ? " (" + job.items.toLocaleString() + " " + job.item_unit + ")" : "");
            }
          });
          if (waiting) setTimeout(tick, 700); else location.reload();
        })
        .catch(function () { setTimeout(tick, 2000); });
    };
    const states = Array.from(poll.querySelectorAll("[data-job]")).map(function (b) { return b.dataset.state; });
    if (states.some(function (s) { return s === "waiting" || s === "running"; })) setTimeout(tick, 500);
  }
})();
