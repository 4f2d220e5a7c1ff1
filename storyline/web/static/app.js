// storyline web app: plain JavaScript that makes the server-rendered pages interactive.
// Written for the project (no library). Article-derived text only ever enters the
// page through textContent or attributes, never as HTML.
"use strict";

(function () {
  function $(selector, root) {
    return (root || document).querySelector(selector);
  }
  function $$(selector, root) {
    return Array.from((root || document).querySelectorAll(selector));
  }

  // -- story page: the timeline, its time axis and the filters --------------

  function initTimeline() {
    const entries = $$("#entries > li.entry");
    const form = $("#filters");
    if (!entries.length || !form) return;
    const dots = $$("#axis .dot-link");
    const count = $("#filter-count");

    function markDot(index) {
      dots.forEach((d) => d.classList.toggle("active", d.dataset.entry === String(index)));
    }

    function openEntry(index, scroll) {
      const li = document.getElementById("entry-" + index);
      if (!li || li.hidden) return;
      const details = $("details", li);
      details.open = true;
      markDot(index);
      li.classList.add("flash");
      setTimeout(() => li.classList.remove("flash"), 1200);
      if (scroll) li.scrollIntoView({ block: "center" });
    }

    function apply() {
      const chosen = new Set($$("input[name=outlet]:checked", form).map((i) => i.value));
      const from = form.elements.from.value;
      const to = form.elements.to.value;
      let shown = 0;
      entries.forEach((li) => {
        let outlets = [];
        try {
          outlets = JSON.parse(li.dataset.outlets || "[]");
        } catch (e) {
          outlets = [];
        }
        const first = li.dataset.first;
        const last = li.dataset.last;
        const byOutlet = outlets.some((o) => chosen.has(o));
        const byDate = (!from || !last || last >= from) && (!to || !first || first <= to);
        li.hidden = !(byOutlet && byDate);
        if (!li.hidden) shown += 1;
        $$(".source", li).forEach((s) => {
          s.hidden = !chosen.has(s.dataset.outlet);
        });
      });
      dots.forEach((d) => {
        const li = document.getElementById("entry-" + d.dataset.entry);
        d.classList.toggle("filtered", !li || li.hidden);
      });
      if (count) count.textContent = shown + " of " + entries.length + " dates";
    }

    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("reset", () => setTimeout(apply, 0));
    form.addEventListener("submit", (ev) => ev.preventDefault());

    dots.forEach((d) => {
      d.addEventListener("click", (ev) => {
        ev.preventDefault();
        if (d.classList.contains("filtered")) return;
        openEntry(d.dataset.entry, true);
        history.replaceState(null, "", "#entry-" + d.dataset.entry);
      });
    });
    entries.forEach((li) => {
      const details = $("details", li);
      details.addEventListener("toggle", () => {
        if (details.open) markDot(li.dataset.index);
      });
    });

    const expand = $("#expand-all");
    if (expand) {
      expand.addEventListener("click", () => {
        const open = expand.dataset.open !== "1";
        entries.forEach((li) => {
          $("details", li).open = open;
        });
        expand.dataset.open = open ? "1" : "0";
        expand.textContent = open ? "Collapse all" : "Expand all";
      });
    }

    const match = /^#entry-(\d+)$/.exec(location.hash);
    if (match) openEntry(match[1], true);
    apply();
  }

  // -- story page: the position matrix ----------------------------------------

  function initMatrix() {
    const cells = $$("#position-matrix button.cell");
    cells.forEach((button) => {
      button.addEventListener("click", () => {
        const panel = document.getElementById(button.dataset.cell);
        if (!panel) return;
        const opening = panel.hidden;
        $$(".cell-history").forEach((p) => {
          p.hidden = true;
        });
        cells.forEach((b) => {
          b.setAttribute("aria-expanded", "false");
          b.classList.remove("selected");
        });
        if (opening) {
          panel.hidden = false;
          button.setAttribute("aria-expanded", "true");
          button.classList.add("selected");
          panel.scrollIntoView({ block: "nearest" });
        }
      });
    });
  }

  // -- upload page -------------------------------------------------------------

  const STATES = {
    queued: "Waiting for another upload to finish",
    ingesting: "Reading and storing the articles",
    building: "Analysing the stories",
    done: "Done",
    failed: "Failed",
  };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fileLine(file) {
    const li = element("li", "file file-" + file.status);
    li.appendChild(element("strong", "name", file.name));
    let status = file.status;
    if (file.status === "added") status = "added " + file.new + " new article(s)";
    if (file.status === "unchanged") status = "already stored";
    li.appendChild(element("span", "status", " " + status));
    if (file.error) li.appendChild(element("span", "error", " " + file.error));
    file.stories.forEach((id) => {
      const link = element("a", "story-link", "open its story");
      link.href = "/stories/" + encodeURIComponent(id);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
    });
    return li;
  }

  function initUpload() {
    const form = $("#upload-form");
    if (!form) return;
    const box = $("#upload-status");
    const bar = $("#upload-progress");
    const state = $("#upload-state");
    const list = $("#upload-files-status");
    const submit = $("#upload-submit");

    function render(job) {
      bar.value = job.progress;
      state.className = job.state === "failed" ? "error" : "";
      state.textContent = (STATES[job.state] || job.state) + (job.message ? ": " + job.message : "");
      list.replaceChildren(...job.files.map(fileLine));
    }

    function fail(message) {
      state.className = "error";
      state.textContent = message;
      bar.value = 0;
      submit.disabled = false;
    }

    async function poll(id) {
      let job;
      try {
        const res = await fetch("/api/uploads/" + encodeURIComponent(id), { credentials: "same-origin" });
        job = await res.json();
        if (!res.ok) return fail(job.detail || "lost track of the upload");
      } catch (e) {
        return fail("lost the connection to the server");
      }
      render(job);
      if (job.state === "done" || job.state === "failed") {
        submit.disabled = false;
        box.dataset.state = job.state;
        if (job.state === "done") form.reset();
        return;
      }
      setTimeout(() => poll(id), 400);
    }

    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      box.hidden = false;
      box.dataset.state = "running";
      submit.disabled = true;
      list.replaceChildren();
      state.className = "";
      state.textContent = "Uploading";
      bar.removeAttribute("value");
      let res;
      let body = {};
      try {
        res = await fetch("/api/uploads", {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Storyline-Request": "1" },
          credentials: "same-origin",
        });
        body = await res.json().catch(() => ({}));
      } catch (e) {
        return fail("the upload did not reach the server");
      }
      if (!res.ok) {
        box.dataset.state = "failed";
        return fail(body.detail || "upload refused (HTTP " + res.status + ")");
      }
      render(body);
      poll(body.id);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    initTimeline();
    initMatrix();
    initUpload();
  });
})();
