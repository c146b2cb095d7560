// "Nu bereikbaar tot 16u" / "Nu gesloten — opent dinsdag om 10u" on every card with opening hours.
// Progressive enhancement: without this file each card shows its hours in words. The page is one
// cached page for everybody, so the moment of viewing only exists here: the card carries its weekly
// hours and closures (data-hours), the page the Belgian public holidays and the words of its
// language (#hours-data). Times are Europe/Brussels wall-clock times, whatever the visitor's clock
// zone; partners/lib/hours.py `status_at` is the same rule in Python.
(function () {
  "use strict";
  var DAY = 1440;
  var brussels = null;
  try {
    brussels = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Brussels", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", weekday: "short", hourCycle: "h23"
    });
  } catch (e) { brussels = null; }
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  // The wall clock in Brussels at `ms`: {date: Date (UTC midnight of that day), min, weekday}.
  function local(ms) {
    var parts = {};
    brussels.formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
    var date = new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day));
    return { date: date, min: (+parts.hour % 24) * 60 + (+parts.minute), weekday: WEEKDAYS[parts.weekday] };
  }
  function iso(date) { return date.toISOString().slice(0, 10); }
  function addDays(date, n) { return new Date(date.getTime() + n * 86400000); }

  // The intervals starting on `date` ([start, end] in minutes from its midnight).
  function intervals(card, date, weekday, holidays) {
    var key = iso(date);
    if (holidays[key]) { return []; }
    var closures = card.c || [];
    for (var i = 0; i < closures.length; i++) {
      if (closures[i][0] <= key && key <= closures[i][1]) { return []; }
    }
    var found = [];
    (card.w || []).forEach(function (row) {
      if (row[0] !== weekday || (row[3] && key < row[3]) || (row[4] && key > row[4])) { return; }
      found.push([row[1], row[2] > row[1] ? row[2] : row[2] + DAY]);
    });
    return found;
  }

  // {open: true, until: minutes} or {open: false, opens: minutes or null}, minutes from today's midnight.
  function status(card, ms, holidays) {
    var now = local(ms);
    var spans = [];
    for (var offset = -1; offset < 8; offset++) {
      var weekday = ((now.weekday + offset) % 7 + 7) % 7;
      intervals(card, addDays(now.date, offset), weekday, holidays).forEach(function (span) {
        spans.push([offset * DAY + span[0], offset * DAY + span[1]]);
      });
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] <= now.min && now.min < spans[i][1]) {
        var end = spans[i][1];
        spans.forEach(function (other) { if (other[0] <= end && end < other[1]) { end = other[1]; } });
        return { open: true, until: end, today: now };
      }
    }
    var next = null;
    // Within a week a day name says which day; later than that only "gesloten".
    spans.forEach(function (span) { if (span[0] > now.min && span[0] < 7 * DAY && (next === null || span[0] < next)) { next = span[0]; } });
    return { open: false, opens: next, today: now };
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) { return values[name] === undefined ? all : values[name]; });
  }
  function clock(minutes, labels) {
    var m = ((minutes % DAY) + DAY) % DAY;
    var hour = Math.floor(m / 60), minute = m % 60;
    return minute ? fill(labels.hourMinute, { hour: hour, minute: (minute < 10 ? "0" : "") + minute }) : fill(labels.hour, { hour: hour });
  }
  function text(result, labels) {
    if (result.open) { return fill(labels.open, { time: clock(result.until, labels) }); }
    if (result.opens === null) { return labels.closed; }
    var offset = Math.floor(result.opens / DAY);
    var day = offset === 0 ? labels.today : offset === 1 ? labels.tomorrow : labels.days[(result.today.weekday + offset) % 7];
    return fill(labels.closedNext, { day: day, time: clock(result.opens, labels) });
  }

  function now() {
    return Date.now();
  }

  function update() {
    var source = document.getElementById("hours-data");
    if (!source || !brussels) { return; }
    var page = JSON.parse(source.textContent);
    var holidays = {};
    page.holidays.forEach(function (day) { holidays[day] = true; });
    var ms = now();
    var year = local(ms).date.getUTCFullYear();
    if (page.years.indexOf(year) === -1) { return; } // holidays unknown for this year: the words only
    var closedNames = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-hours]"), function (element) {
      var result = status(JSON.parse(element.getAttribute("data-hours")), ms, holidays);
      element.textContent = text(result, page.labels);
      element.classList.toggle("is-open", result.open);
      element.classList.toggle("is-closed", !result.open);
      element.hidden = false;
      var card = element.closest("[data-hours-card]");
      if (card) { card.setAttribute("data-open", result.open ? "yes" : "no"); }
    });
    // "What to do now": the box under the first contacts names the closed ones first.
    Array.prototype.forEach.call(document.querySelectorAll("[data-answers-now]"), function (box) {
      var group = box.closest("[data-first-group]") || document;
      var names = [];
      Array.prototype.forEach.call(group.querySelectorAll("[data-hours-card][data-open=no]"), function (card) {
        var title = card.querySelector(".card-title");
        if (title && names.indexOf(title.textContent) === -1) { names.push(title.textContent); }
      });
      var lead = box.querySelector("[data-answers-now-lead]");
      if (names.length && lead) {
        lead.textContent = fill(page.labels.closedNow, { names: names.join(", ") });
        box.classList.add("is-closed");
      }
    });
  }

  window.wegwijzerHours = { status: status, text: text, update: update };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  document.addEventListener("htmx:afterSettle", update);
})();
