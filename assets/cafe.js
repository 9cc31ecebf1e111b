// Policy Café screens, live: the participant's phone, the stage and the moderator console.
// The pages work without this script (forms, and a periodic reload); with it, they follow the
// session's Server-Sent Events. Pushed events carry the data (a question, a batch of counts), so a
// phone never fetches anything back. Texts are set as text, never as HTML.
(function () {
  "use strict";
  var root = document.querySelector("[data-cafe]");
  if (!root || !window.EventSource) return;
  var mode = root.getAttribute("data-cafe");
  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  var lang = document.documentElement.lang || "ar";
  var numbers = new Intl.NumberFormat(lang === "ar" ? "ar-MA" : lang);
  var questions = new Map();
  var voted = new Set();
  var source = null;
  var started = false;

  // What the page was drawn with: the first snapshot replaces it anyway.
  document.querySelectorAll("[data-list] li[data-id]").forEach(function (li) {
    var pressed = li.querySelector("button[aria-pressed=true]");
    if (pressed) voted.add(Number(li.getAttribute("data-id")));
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function meta(q) {
    var p = el("p", "q-meta");
    p.appendChild(el("bdi", "", q.first_name || labels.anonymous || ""));
    if (q.age_band && labels.ages && labels.ages[q.age_band]) {
      p.appendChild(document.createTextNode(" · " + labels.ages[q.age_band]));
    }
    if (q.answered && mode === "participant") {
      p.appendChild(document.createTextNode(" · "));
      p.appendChild(el("span", "q-answered", labels.answered));
    }
    return p;
  }

  function participantItem(q) {
    var li = el("li", "q" + (q.answered ? " answered" : ""));
    li.id = "q" + q.id;
    li.setAttribute("data-id", q.id);
    var body = el("p", "q-body", q.body);
    body.dir = "auto";
    li.appendChild(body);
    li.appendChild(meta(q));
    var form = el("form", "q-vote");
    form.method = "post";
    form.action = "/q/" + root.getAttribute("data-code") + "/questions/" + q.id + "/vote";
    var csrf = el("input");
    csrf.type = "hidden";
    csrf.name = "_csrf";
    csrf.value = root.getAttribute("data-csrf");
    var cast = el("input");
    cast.type = "hidden";
    cast.name = "cast";
    var mine = voted.has(q.id);
    cast.value = mine ? "0" : "1";
    var button = el("button");
    button.type = "submit";
    button.setAttribute("aria-pressed", mine ? "true" : "false");
    button.title = mine ? labels.withdraw : labels.vote;
    var arrow = el("span", "", "▲");
    arrow.setAttribute("aria-hidden", "true");
    button.appendChild(arrow);
    button.appendChild(document.createTextNode(" "));
    button.appendChild(el("span", "q-votes", numbers.format(q.votes)));
    button.appendChild(el("span", "visually-hidden", " " + labels.votes));
    form.appendChild(csrf);
    form.appendChild(cast);
    form.appendChild(button);
    li.appendChild(form);
    return li;
  }

  function stageItem(q) {
    var li = el("li", "q");
    li.id = "q" + q.id;
    li.setAttribute("data-id", q.id);
    var body = el("p", "q-body", q.body);
    body.dir = "auto";
    li.appendChild(body);
    li.appendChild(meta(q));
    var count = el("p", "q-count");
    count.appendChild(el("span", "q-votes", numbers.format(q.votes)));
    count.appendChild(document.createTextNode(" "));
    count.appendChild(el("span", "muted", labels.votes));
    li.appendChild(count);
    return li;
  }

  function byVotes(a, b) {
    return b.votes - a.votes || a.id - b.id;
  }

  function fill(list, items, make) {
    if (!list) return;
    var fresh = document.createDocumentFragment();
    items.forEach(function (q) {
      fresh.appendChild(make(q));
    });
    list.replaceChildren(fresh);
  }

  // Drawn at once on each push (the server already groups votes into a few pushes a second):
  // a screen in a background tab is kept current too, where animation frames would wait.
  function draw() {
    var all = Array.from(questions.values());
    var pinned = all.find(function (q) {
      return q.pinned;
    });
    var now = root.querySelector("[data-now]");
    if (now) {
      now.hidden = !pinned;
      root.querySelector("[data-now-body]").textContent = pinned ? pinned.body : "";
    }
    var rest = all.filter(function (q) {
      return !q.pinned;
    });
    if (mode === "stage") {
      var top = rest.filter(function (q) {
        return !q.answered;
      });
      top.sort(byVotes);
      fill(root.querySelector("[data-list=top]"), top.slice(0, Number(root.getAttribute("data-top")) || 6), stageItem);
      root.querySelector("[data-empty]").hidden = top.length > 0;
    } else {
      rest.sort(byVotes);
      fill(root.querySelector("[data-list=top]"), rest, participantItem);
      var newest = all.filter(function (q) {
        return !q.answered;
      });
      newest.sort(function (a, b) {
        return b.id - a.id;
      });
      fill(root.querySelector("[data-list=newest]"), newest.slice(0, 10), participantItem);
      root.querySelector("[data-empty]").hidden = rest.length > 0;
    }
  }

  function showPhase(session) {
    var p = root.querySelector("[data-phase]");
    if (p && labels.phases && labels.phases[session.phase]) {
      p.textContent = labels.phases[session.phase];
      p.className = "phase phase-" + session.phase;
    }
    var send = root.querySelector(".ask button[type=submit]");
    if (send) send.disabled = session.phase !== "open";
  }

  // The console redraws its queue from the server's page (a moderator's screen, not a phone):
  // never while a moderator is typing in it.
  var queueWaiting = false;
  function reloadQueue() {
    var queue = document.querySelector("[data-queue]");
    if (!queue) return;
    var busy = queue.contains(document.activeElement) && document.activeElement.tagName !== "BUTTON";
    if (busy) {
      queueWaiting = true;
      return;
    }
    queueWaiting = false;
    fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("[data-queue]");
        if (fresh) queue.replaceChildren.apply(queue, Array.from(fresh.childNodes));
      })
      .catch(function () {});
  }
  var queueTimer = null;
  function queueChanged() {
    if (queueTimer) return;
    queueTimer = window.setTimeout(function () {
      queueTimer = null;
      reloadQueue();
    }, 250);
  }
  document.addEventListener("focusout", function () {
    if (queueWaiting) window.setTimeout(reloadQueue, 50);
  });

  function onSnapshot(data) {
    // Screens (and tests) can tell a live page from a stale one.
    root.setAttribute("data-connected", "true");
    showPhase(data.session);
    if (mode === "console") {
      if (started) queueChanged();
      started = true;
      return;
    }
    questions.clear();
    data.questions.forEach(function (q) {
      questions.set(q.id, q);
    });
    started = true;
    draw();
  }

  function onQuestion(data) {
    if (mode === "console") return queueChanged();
    if (data.gone) questions.delete(data.gone.id);
    else questions.set(data.question.id, data.question);
    draw();
  }

  function onVotes(data) {
    if (mode === "console") return queueChanged();
    data.votes.forEach(function (pair) {
      var q = questions.get(pair[0]);
      if (q) q.votes = pair[1];
    });
    draw();
  }

  function connect() {
    if (source) source.close();
    source = new EventSource(root.getAttribute("data-stream"));
    source.addEventListener("snapshot", function (e) {
      onSnapshot(JSON.parse(e.data));
    });
    source.addEventListener("question", function (e) {
      onQuestion(JSON.parse(e.data));
    });
    source.addEventListener("votes", function (e) {
      onVotes(JSON.parse(e.data));
    });
    source.addEventListener("session", function (e) {
      showPhase(JSON.parse(e.data));
    });
    // The server missed changes (its store connection dropped): start again from a snapshot.
    source.addEventListener("refresh", connect);
    source.onerror = function () {
      root.setAttribute("data-connected", "false");
      // EventSource retries by itself after a dropped connection; after an error answer it
      // stops: try again a little later (a server restarting behind a proxy).
      if (source.readyState === EventSource.CLOSED) window.setTimeout(connect, 2000);
    };
  }

  // A vote without leaving the page; the form still works on its own if this fails.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("q-vote")) return;
    e.preventDefault();
    var id = Number(form.closest("li").getAttribute("data-id"));
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(new FormData(form)),
    })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (answer) {
        if (!answer) return;
        if (answer.voted) voted.add(id);
        else voted.delete(id);
        var q = questions.get(id);
        if (q) q.votes = answer.votes;
        draw();
      })
      .catch(function () {});
  });

  connect();
})();
