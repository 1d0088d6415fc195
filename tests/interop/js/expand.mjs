// Mozilla ical.js (the library inside Thunderbird) expanding iCalendar feeds, for tests/interop.
//
// Speaks JSON lines so that one long-lived process serves a whole test run:
// each request line is {"ics": "<feed>", "since": <unix s>, "until": <unix s>},
// each answer line is {"occurrences": [...]} or {"error": "<message>"}, in order.
// An occurrence is {"uid", "rid", "start", "end", "cancelled"}: start and end
// are Unix seconds for timed events and "YYYY-MM-DD" dates for all-day ones;
// rid is the RECURRENCE-ID as wall-clock text ("YYYYMMDDTHHMMSS" or "YYYYMMDD"),
// "" for an event that does not repeat. Listed are the occurrences whose start
// (all-day: midnight UTC of the first day) lies in [since, until).
//
// As Thunderbird does: the feed's own VTIMEZONEs are registered with
// ICAL.TimezoneService (and looked up from the component tree by ical.js
// itself), a series is an ICAL.Event with its RECURRENCE-ID components related
// as exceptions, EXDATE is applied by ical.js's RecurExpansion, and a
// STATUS:CANCELLED occurrence is still listed (calendars strike it out), with
// cancelled=true.

import readline from "node:readline";
import ICAL from "ical.js";

const MAX_OCCURRENCES = 5000; // a guard against a runaway rule; the tests' feeds stay far below it

function wall(time) {
  // "YYYYMMDDTHHMMSS" or "YYYYMMDD", whatever the zone: the RECURRENCE-ID as written in the series' zone.
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  const day = `${pad(time.year, 4)}${pad(time.month)}${pad(time.day)}`;
  return time.isDate ? day : `${day}T${pad(time.hour)}${pad(time.minute)}${pad(time.second)}`;
}

function instant(time) {
  return time.isDate ? time.toString() : time.toUnixTime();
}

function cancelled(item) {
  return String(item.component.getFirstPropertyValue("status") || "").toUpperCase() === "CANCELLED";
}

function expand(ics, since, until) {
  const root = new ICAL.Component(ICAL.parse(ics));
  ICAL.TimezoneService.reset(); // one feed's VTIMEZONE never serves another's
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const masters = new Map();
  const exceptions = new Map();
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const uid = String(vevent.getFirstPropertyValue("uid"));
    if (vevent.hasProperty("recurrence-id")) {
      if (!exceptions.has(uid)) exceptions.set(uid, []);
      exceptions.get(uid).push(vevent);
    } else {
      masters.set(uid, vevent);
    }
  }
  const found = [];
  const inWindow = (start) => {
    const at = start.isDate ? Date.UTC(start.year, start.month - 1, start.day) / 1000 : start.toUnixTime();
    return since <= at && at < until;
  };
  for (const [uid, vevent] of masters) {
    const event = new ICAL.Event(vevent, { exceptions: exceptions.get(uid) || [], strictExceptions: true });
    if (!event.isRecurring()) {
      if (inWindow(event.startDate)) {
        found.push({
          uid,
          rid: "",
          start: instant(event.startDate),
          end: instant(event.endDate),
          cancelled: cancelled(event),
        });
      }
      continue;
    }
    const iterator = event.iterator();
    // Expand a year past the window, so that an occurrence moved into it from later is seen too.
    const stop = until + 366 * 86400;
    let next;
    let count = 0;
    while ((next = iterator.next())) {
      const at = next.isDate ? Date.UTC(next.year, next.month - 1, next.day) / 1000 : next.toUnixTime();
      if (at >= stop) break;
      if (++count > MAX_OCCURRENCES) throw new Error(`${uid}: more than ${MAX_OCCURRENCES} occurrences`);
      const details = event.getOccurrenceDetails(next);
      if (!inWindow(details.startDate)) continue;
      found.push({
        uid,
        rid: wall(details.recurrenceId),
        start: instant(details.startDate),
        end: instant(details.endDate),
        cancelled: cancelled(details.item),
      });
    }
  }
  return found;
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const request = JSON.parse(line);
    answer = { occurrences: expand(request.ics, request.since, request.until) };
  } catch (error) {
    answer = { error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
