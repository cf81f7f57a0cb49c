// A long list of checkboxes (pep/widgets.py SearchableCheckboxes) gets a box that narrows it to the
// labels containing what is typed, accents and case aside. Without JavaScript the box stays hidden
// and every checkbox is listed; hidden boxes keep their ticks and are still sent with the form.
(function () {
  "use strict";

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function offerFilter(list) {
    var input = list.querySelector("[data-choice-filter-input]");
    var options = Array.prototype.slice.call(list.querySelectorAll("[data-choice-filter-option]"));
    var groups = list.querySelectorAll("[data-choice-filter-group]");
    var none = list.querySelector("[data-choice-filter-none]");
    var status = list.querySelector("[data-choice-filter-status]");
    var names = options.map(function (option) { return plain(option.textContent); });

    function narrow(event) {
      event.stopPropagation(); // narrowing the list changes nothing in the form
      var typed = plain(input.value);
      var shown = 0;
      options.forEach(function (option, index) {
        option.hidden = typed !== "" && names[index].indexOf(typed) === -1;
        if (!option.hidden) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-choice-filter-option]:not([hidden])");
      });
      none.hidden = shown > 0;
      status.textContent = typed === "" ? "" : list.dataset.statusText
        .replace("{shown}", shown.toLocaleString("en-US"))
        .replace("{total}", options.length.toLocaleString("en-US"));
    }

    input.addEventListener("input", narrow);
    input.addEventListener("change", narrow);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); } // Enter here does not send the form
    });
    input.closest("[hidden]").hidden = false;
  }

  document.querySelectorAll("[data-choice-filter]").forEach(offerFilter);
})();
