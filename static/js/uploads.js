// Upload forms: say at once when a chosen file is over its size limit, instead of sending megabytes to be refused.
// The server checks everything again (by content, not by name); this only saves a long wait.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=file][data-max-image-bytes]").forEach((input) => {
    const form = input.form;
    const note = document.createElement("p");
    note.className = "error";
    note.id = `${input.id}-size`;
    note.hidden = true;
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
    const tooBig = () => {
      const file = input.files && input.files[0];
      if (!file) return null;
      const isPdf = file.type === "application/pdf" || /\.pdf$/i.test(file.name);
      const limit = Number(isPdf ? input.dataset.maxDocumentBytes : input.dataset.maxImageBytes);
      return file.size > limit ? (isPdf ? input.dataset.documentMessage : input.dataset.imageMessage) : null;
    };
    const check = () => {
      const message = tooBig();
      note.textContent = message || "";
      note.hidden = !message;
      return !message;
    };
    input.addEventListener("change", check);
    form.addEventListener("submit", (event) => {
      if (!check()) {
        event.preventDefault();
        input.focus();
      }
    });
  });
});
