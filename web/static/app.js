// Enhancements only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Copy buttons: shown only when the clipboard can be written.
  const status = document.querySelector(".copy-status");
  document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const input = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = "Copied";
        if (status) status.textContent = "Address copied.";
      } catch (error) {
        input.select();
        if (status) status.textContent = "Select the address and copy it.";
      }
    });
  });

  // "Use my time zone": fills the zone switch with the browser's zone and sends it.
  const form = document.querySelector("form.zone-switch");
  const mine = form && form.querySelector("button.my-zone");
  const zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (mine && zone) {
    mine.hidden = false;
    mine.textContent = "Use my time zone (" + zone + ")";
    mine.addEventListener("click", () => {
      const select = form.querySelector("select[name=tz]");
      if (![...select.options].some((option) => option.value === zone)) {
        select.add(new Option(zone, zone));
      }
      select.value = zone;
      form.submit();
    });
  }
});

// The print button on the printable programme: shown only where the script can open the print dialog.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button.print-button").forEach((button) => {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
