// Progressive enhancement of TagChips: show the search box and hide the chips that do not match what is typed.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-chips]")) {
    const search = box.querySelector("[data-chip-search]");
    if (!search) continue;
    search.hidden = false;
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      for (const chip of box.querySelectorAll("[data-chip]")) {
        const checkbox = document.getElementById(chip.htmlFor);
        const show = q === "" || chip.textContent.toLowerCase().includes(q) || (checkbox && checkbox.checked);
        chip.hidden = !show;
      }
    });
  }
});
