/* Jeugdintake staff workspace: small enhancements; every page works without them.
   - the handover page shows new lines of the conversation without a reload (polls every 4 s);
   - a template link fills the message box without a reload;
   - the count in the navigation stays current (polls every 30 s).
   Text from the server is put in with textContent only: nothing a person typed becomes markup. */
(function () {
  "use strict";

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, redirect: "follow" })
      .then(function (r) {
        if (r.redirected || !r.ok || (r.headers.get("content-type") || "").indexOf("json") < 0) {
          throw new Error("session");
        }
        return r.json();
      });
  }

  function setCount(data) {
    var badge = document.getElementById("attention");
    if (!badge || !data) return;
    badge.textContent = String(data.total);
    badge.classList.toggle("zero", !data.total);
    badge.title = data.call_backs + " terugbelverzoek(en), " + data.unread + " overgenomen gesprek(ken) met nieuwe berichten";
  }

  function line(item) {
    var li = document.createElement("li");
    li.className = item.direction + (item.kind === "staff_message" ? " staff" : "") + (item.state ? " pending" : "");
    li.setAttribute("data-id", item.id);
    var time = document.createElement("time");
    var when = new Date(item.at);
    var clock = when.toLocaleString("nl-NL", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    time.textContent = item.who + " · " + clock;
    if (item.state === "waiting") {
      var em = document.createElement("em");
      em.textContent = "wacht: de cliënt ziet dit pas als hij of zij weer iets stuurt";
      time.appendChild(document.createTextNode(" · "));
      time.appendChild(em);
    } else if (item.state === "sending") {
      var em2 = document.createElement("em");
      em2.textContent = "wordt verzonden";
      time.appendChild(document.createTextNode(" · "));
      time.appendChild(em2);
    }
    li.appendChild(time);
    li.appendChild(document.createTextNode(item.text));
    return li;
  }

  function liveTranscript() {
    var list = document.getElementById("transcript");
    if (!list || !list.dataset.poll) return;
    var live = document.getElementById("live");
    var box = document.getElementById("takeover");
    var after = list.dataset.after || "0";
    var stopped = false;

    function tick() {
      if (stopped || document.hidden) return;
      getJSON(list.dataset.poll + "?na=" + encodeURIComponent(after)).then(function (data) {
        var pending = list.querySelectorAll("li.pending, li.empty");
        for (var i = 0; i < pending.length; i++) pending[i].remove();
        var added = 0;
        data.lines.forEach(function (item) {
          if (item.id.charAt(0) === "m") {
            if (list.querySelector('li[data-id="' + item.id + '"]')) return;
            after = item.id.slice(1);
            added += item.direction === "in" ? 1 : 0;
          }
          list.appendChild(line(item));
        });
        if (added && live) live.textContent = added === 1 ? "Nieuw bericht van de cliënt." : added + " nieuwe berichten van de cliënt.";
        setCount(data.attention);
        var now = data.takeover === null ? "" : String(data.takeover);
        if (box && box.dataset.takeover !== now) {
          // Taken over or given back elsewhere (a colleague, or silence): the buttons must change.
          var draft = document.querySelector("#bericht textarea");
          if (!draft || !draft.value.trim()) window.location.reload();
          else if (live) live.textContent = "Het gesprek is overgenomen of teruggegeven. Laad de pagina opnieuw na het versturen.";
        }
      }).catch(function () {
        stopped = true;
        if (live) live.textContent = "Bijwerken gestopt: je sessie is verlopen. Laad de pagina opnieuw.";
      });
    }
    window.setInterval(tick, 4000);
  }

  function templateLinks() {
    var box = document.querySelector("#bericht textarea");
    if (!box) return;
    var links = document.querySelectorAll("#bericht a[data-fill]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        event.preventDefault();
        box.value = this.getAttribute("data-fill");
        box.focus();
      });
    }
  }

  function liveCount() {
    var badge = document.getElementById("attention");
    if (!badge || !badge.dataset.poll || document.getElementById("transcript")) return;
    window.setInterval(function () {
      if (document.hidden) return;
      getJSON(badge.dataset.poll).then(setCount).catch(function () {});
    }, 30000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    liveTranscript();
    templateLinks();
    liveCount();
  });
})();
