// A live count under every free-text field whose limit the page states ("Up to 2,000 characters.").
// The limit itself is in the page; without JavaScript it is still shown and the browser still stops
// typing at it (maxlength), only the count is missing.
(function () {
  "use strict";

  function countDown(note) {
    var field = document.getElementById(note.dataset.limitOf);
    var max = parseInt(note.dataset.maxLength, 10);
    if (!field || !max) { return; }
    var count = document.createElement("span");
    count.className = "text-count";
    note.after(" ", count);
    // Announced only near the limit, so a screen reader is not interrupted at every key.
    var nearEnd = Math.max(20, Math.round(max * 0.05));
    function update() {
      var left = max - field.value.length;
      count.textContent = note.dataset.leftText.replace("{count}", Math.max(left, 0).toLocaleString("en-US"));
      count.classList.toggle("text-count-near", left <= nearEnd);
      if (left <= nearEnd) {
        count.setAttribute("aria-live", "polite");
      } else {
        count.removeAttribute("aria-live");
      }
    }
    field.addEventListener("input", update);
    update();
  }

  document.querySelectorAll(".text-limit[data-limit-of][data-left-text]").forEach(countDown);
})();
