// Enhancements only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: shown only when the clipboard can be written. What they say after a press comes from their
  // data- attributes, in the page's language (web/templates/_copy.html): the script holds no words.
  const status = document.querySelector(".copy-status");
  const say = (text) => {
    if (status && text) status.textContent = text;
  };
  document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const input = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(input.value);
        if (button.dataset.copied) button.textContent = button.dataset.copied;
        say(button.dataset.copiedStatus);
      } catch (error) {
        input.select();
        say(button.dataset.failedStatus);
      }
    });
  });

  // First visit: offer the browser's own zone ("Show times in Tokyo (UTC+9)") when it is not the home zone, in the
  // sentence and with the city names the page's language gives (web/templates/itinerary.html, data- attributes).
  const offer = document.querySelector("p.zone-offer[data-home]");
  const zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (offer && zone && zone !== offer.dataset.home && zone.includes("/") && offer.dataset.sentence) {
    const link = offer.querySelector("a");
    const address = new URL(link.href, window.location.href);
    address.searchParams.set("tz", zone);
    link.href = address.pathname + address.search;
    sayZone(link, zone, offer.dataset);
    offer.hidden = false;
  }
});

// The offer's sentence with the zone's city and its offset now ("Europe/Moscow" -> "Показать время: Москва (UTC+3)").
// A zone the page has no name for is named by its IANA city ("Asia/Ho_Chi_Minh" -> "Ho Chi Minh"), marked English.
function sayZone(link, zone, words) {
  const names = JSON.parse(words.names || "{}");
  const name = document.createElement("span");
  name.className = "zone-offer-name";
  name.textContent = names[zone] || zone.split("/").pop().replace(/_/g, " ");
  if (!names[zone] && document.documentElement.lang !== "en") name.lang = "en";
  let offset = "UTC";
  try {
    const parts = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(new Date());
    offset = parts.find((part) => part.type === "timeZoneName").value.replace("GMT", "UTC");
  } catch (error) {
    // No offset known: the sentence without one.
  }
  const sentence = (offset === "UTC" ? words.sentenceUtc : words.sentence).replace("{offset}", offset);
  const [before, after] = sentence.split("{city}");
  link.replaceChildren(before, name, after || "");
}

// The print button on the printable programme: shown only where the script can open the print dialog.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button.print-button").forEach((button) => {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});

// The event form: the date and time labels name the zone each is read in, and follow the venue, destination and
// zone chosen (the server labels them the same way when it shows the form: web/forms.py, EventForm.label_zones).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.event-form[data-home-zone]");
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);
  const value = (name) => (field(name) ? field(name).value.trim() : "");
  const placeZone = (select, fresh) => {
    if (value(fresh + "_name") && value(fresh + "_timezone")) return value(fresh + "_timezone");
    const picked = field(select) && field(select).selectedOptions[0];
    return (picked && picked.dataset.zone) || "";
  };
  const label = (name, text) => {
    const element = form.querySelector('label[for="' + name + '"]');
    if (element) element.textContent = text;
  };
  // The labels in the page's language and the zones' names there (web/forms.py, zone_script_words); a zone typed
  // that is not among the names is shown as typed.
  const words = JSON.parse(form.dataset.zoneWords || "{}");
  const named = (zone) => (words.names && words.names[zone]) || zone;
  const update = () => {
    const start = value("timezone") || placeZone("venue", "new_venue") || form.dataset.homeZone;
    const allDay = field("all_day") && field("all_day").checked;
    const end = (!allDay && placeZone("destination", "new_destination")) || start;
    const labels = (end !== start ? words.destination : words.same) || {};
    for (const name of ["start_date", "start_time", "end_date", "end_time"]) {
      if (labels[name]) label(name, labels[name].replace("{start}", named(start)).replace("{end}", named(end)));
    }
  };
  form.addEventListener("change", update);
  form.addEventListener("input", update);
});
