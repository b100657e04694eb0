// The phone menu: on a narrow screen the header folds its navigation, language switch and account links behind
// one button. Without this file the menu simply stays open (the button stays hidden).
document.addEventListener("DOMContentLoaded", () => {
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".menu-toggle");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  const account = header && header.querySelector(".account-menu");
  const phone = window.matchMedia("(max-width: 40rem)");

  // The account menu (a <details>): on a wide screen a click elsewhere or Escape closes it; inside the phone menu
  // it is open, so the phone menu shows every account link at once.
  if (account) {
    account.open = phone.matches;
    document.addEventListener("click", (event) => {
      if (account.open && !phone.matches && !account.contains(event.target)) account.open = false;
    });
    account.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && account.open && !phone.matches) {
        event.stopPropagation();
        account.open = false;
        account.querySelector("summary").focus();
      }
    });
    phone.addEventListener("change", () => { account.open = phone.matches; });
  }

  if (!menu) return;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("collapsed", !open);
  };
  header.classList.add("js-menu");
  button.hidden = false;
  setOpen(false);

  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  // Escape closes the open menu and puts the focus back on its button.
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent !== null) {
      setOpen(false);
      button.focus();
    }
  });
});
