// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so keyboard and screen-reader users hear what went wrong.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});

// An answer for every idea: choosing a saved answer puts its text in the reason field, to edit.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-fills]");
  if (!select) return;
  const option = select.selectedOptions[0];
  const target = document.getElementById(select.dataset.fills);
  if (target && option && option.dataset.text) {
    target.value = option.dataset.text;
    target.focus();
  }
});
