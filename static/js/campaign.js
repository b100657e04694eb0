// Keeps every campaign box on the page current by reading the JSON API every ~15 seconds.
// Progressive enhancement only: the server-rendered box is complete without this file.
(() => {
  "use strict";

  const minorDigits = (currency) =>
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;

  function formatter(box) {
    const currency = (box.dataset.currency || "krw").toUpperCase();
    const digits = minorDigits(currency);
    const fmt = new Intl.NumberFormat(box.dataset.locale || document.documentElement.lang || "ko",
      { style: "currency", currency });
    return (amount) => fmt.format(amount / 10 ** digits);
  }

  function update(box, data, money) {
    const set = (name, text) => {
      const el = box.querySelector(`[data-field="${name}"]`);
      if (el && el.textContent !== text) el.textContent = text;
      return el;
    };
    const before = box.querySelector('[data-field="pledged"]')?.textContent;
    set("pledged", money(data.pledged));
    set("percent", `${data.percent}%`);
    set("backers", String(data.backers));
    if (data.raised !== undefined) set("raised", money(data.raised));
    if (data.matched !== undefined) set("matched", money(data.matched));
    set("days_left", String(data.days_left));
    const bar = box.querySelector('[data-field="progress"]');
    if (bar && data.goal > 0) {
      bar.max = data.goal;
      bar.value = Math.min(data.raised ?? data.pledged, data.goal);
      bar.textContent = `${data.percent}%`;
    }
    // Tell screen-reader users about new pledges without moving their focus.
    if (before !== undefined && before !== money(data.pledged)) {
      set("announce", `${money(data.pledged)} · ${data.percent}%`);
    }
  }

  function watch(box) {
    const url = box.dataset.campaignUrl;
    const seconds = Number(box.dataset.refreshSeconds || 15);
    const money = formatter(box);
    const tick = async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (response.ok) update(box, await response.json(), money);
      } catch (err) {
        // Offline or the server is busy: keep showing the last figures and try again next time.
      }
    };
    window.setInterval(tick, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".campaign-box[data-campaign-url]").forEach(watch);
  });
})();
