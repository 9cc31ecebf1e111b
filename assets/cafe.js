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
  var plurals = new Intl.PluralRules(lang);
  // The word after a count, agreeing with it ("3 أصوات", "11 صوتًا", "1 vote").
  function votesWord(n) {
    var words = labels.votes || {};
    return words[plurals.select(n)] || words.other || "";
  }
  var questions = new Map();
  var voted = new Set();
  var source = null;
  var started = false;
  // The session's phase as last pushed: votes are taken only while it is open.
  var phase = root.getAttribute("data-phase-code");

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

  // A question's text, its addresses set apart left to right (never clickable), as the server
  // draws it (cafe::model::text_runs).
  var LINK = /(^|\s)((?:https?:\/\/|www\.)\S*?)(?=[.,;:!?)؟،؛]*(?:\s|$))/gi;
  function setText(e, text) {
    e.replaceChildren();
    var last = 0;
    text.replace(LINK, function (all, space, link, at) {
      var start = at + space.length;
      e.appendChild(document.createTextNode(text.slice(last, start)));
      var b = el("bdi", "", link);
      b.dir = "ltr";
      e.appendChild(b);
      last = start + link.length;
      return all;
    });
    e.appendChild(document.createTextNode(text.slice(last)));
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
    var body = el("p", "q-body");
    setText(body, q.body);
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
    button.disabled = phase !== "open";
    button.title = mine ? labels.withdraw : labels.vote;
    var arrow = el("span", "", "▲");
    arrow.setAttribute("aria-hidden", "true");
    button.appendChild(arrow);
    button.appendChild(document.createTextNode(" "));
    button.appendChild(el("span", "q-votes", numbers.format(q.votes)));
    button.appendChild(el("span", "visually-hidden", " " + votesWord(q.votes)));
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
    var body = el("p", "q-body");
    setText(body, q.body);
    body.dir = "auto";
    li.appendChild(body);
    li.appendChild(meta(q));
    var count = el("p", "q-count");
    count.appendChild(el("span", "q-votes", numbers.format(q.votes)));
    count.appendChild(document.createTextNode(" "));
    count.appendChild(el("span", "muted", votesWord(q.votes)));
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
      setText(root.querySelector("[data-now-body]"), pinned ? pinned.body : "");
    }
    var rest = all.filter(function (q) {
      return !q.pinned;
    });
    if (mode === "stage") {
      var top = rest.filter(function (q) {
        return !q.answered;
      });
      top.sort(byVotes);
      var list = root.querySelector("[data-list=top]");
      fill(list, top.slice(0, Number(root.getAttribute("data-top")) || 6), stageItem);
      // A projector cannot scroll: the questions that do not fit whole are left out.
      var bottom = list.getBoundingClientRect().bottom + 1;
      while (list.lastElementChild && list.lastElementChild.getBoundingClientRect().bottom > bottom) {
        list.lastElementChild.remove();
      }
      root.querySelector("[data-empty]").hidden = top.length > 0;
    } else {
      rest.sort(byVotes);
      var open = rest.filter(function (q) {
        return !q.answered;
      });
      var answered = rest.filter(function (q) {
        return q.answered;
      });
      fill(root.querySelector("[data-list=top]"), open, participantItem);
      fill(root.querySelector("[data-list=answered]"), answered, participantItem);
      root.querySelector("[data-answered]").hidden = answered.length === 0;
      var newest = all.filter(function (q) {
        return !q.answered;
      });
      newest.sort(function (a, b) {
        return b.id - a.id;
      });
      fill(root.querySelector("[data-list=newest]"), newest.slice(0, 10), participantItem);
      root.querySelector("[data-empty]").hidden = open.length > 0;
    }
  }

  function showPhase(session) {
    var p = root.querySelector("[data-phase]");
    if (p && labels.phases && labels.phases[session.phase]) {
      p.textContent = labels.phases[session.phase];
      p.className = "phase phase-" + session.phase;
    }
    phase = session.phase;
    if (phase === "open") notify("");
    var send = root.querySelector(".ask button[type=submit]");
    if (send) send.disabled = phase !== "open";
    root.querySelectorAll(".q-vote button").forEach(function (b) {
      b.disabled = phase !== "open";
    });
    // Nothing more to join once the session is over.
    var join = root.querySelector("[data-join]");
    if (join) join.hidden = session.phase === "closed";
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

  // A count in words agreeing with it ("3 أصوات", "one vote").
  function voteCount(n) {
    var phrases = labels.vote_count || {};
    var phrase = phrases[plurals.select(n)] || phrases.other || "#";
    return phrase.replace("#", numbers.format(n));
  }

  function onVotes(data) {
    if (mode === "console") {
      // Counts move often: set in place, the page is not fetched again for them.
      data.votes.forEach(function (pair) {
        var count = document.querySelector("[data-queue] li[data-id='" + pair[0] + "'] [data-vote-count]");
        if (count) count.textContent = voteCount(pair[1]);
      });
      return;
    }
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

  // Says why a vote was refused, over the page wherever it is scrolled; gone after a while.
  var noticeTimer = null;
  function notify(text) {
    var notice = root.querySelector("[data-notice]");
    if (!notice) return;
    notice.textContent = text || "";
    notice.hidden = !text;
    window.clearTimeout(noticeTimer);
    if (text) {
      noticeTimer = window.setTimeout(function () {
        notice.hidden = true;
      }, 8000);
    }
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
        if (r.ok) return r.json();
        // Refused (the session paused, the device's votes used up): say why, in the page's
        // language (the answer is a problem+json).
        return r.json().then(function (problem) {
          notify(problem.title);
          return null;
        });
      })
      .then(function (answer) {
        if (!answer) return;
        notify("");
        if (answer.voted) voted.add(id);
        else voted.delete(id);
        var q = questions.get(id);
        if (q) q.votes = answer.votes;
        draw();
      })
      .catch(function () {});
  });

  if (mode === "stage") {
    window.addEventListener("resize", function () {
      if (started) draw();
    });
  }

  connect();
})();
