// Progressive enhancement of the shared inputs; every form also works without this script.

// TagChips: show the search box and hide the chips that do not match what is typed (checked chips stay visible).
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-chips]")) {
    const search = box.querySelector("[data-chip-search]");
    if (!search) continue;
    search.hidden = false;
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      for (const chip of box.querySelectorAll("[data-chip]")) {
        const checkbox = document.getElementById(chip.htmlFor);
        chip.hidden = !(q === "" || chip.textContent.toLowerCase().includes(q) || (checkbox && checkbox.checked));
      }
    });
  }
  for (const search of document.querySelectorAll("[data-area-search]")) search.hidden = false;
});

// AreaPicker: a picked option (loaded by htmx from /fragments/area-picker) fills the code input it belongs to.
document.addEventListener("click", (e) => {
  const option = e.target.closest("[data-pick-for]");
  if (!option) return;
  const input = document.getElementById(option.dataset.pickFor);
  if (!input) return;
  input.value = option.dataset.code;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  const label = document.getElementById(option.dataset.pickFor + "-picked");
  if (label) label.textContent = option.dataset.label;
});
