// Type-ahead for search fields marked data-suggestions-url: as the person types, PEP suggests
// matching names (Awesomplete shows them as a list they can choose from with arrows and Enter).
// Without JavaScript the field is a plain text search, so nothing here is needed to use it.
(function () {
  "use strict";

  function offerSuggestions(input) {
    var list = new Awesomplete(input, {
      minChars: 1,
      maxItems: 10,
      autoFirst: false, // Enter without choosing searches for what was typed
      filter: function () { return true; }, // the server already chose and scoped them
      sort: false
    });
    // The ARIA 1.2 combobox pattern names the list it controls.
    input.setAttribute("aria-controls", list.ul.id);
    input.setAttribute("aria-autocomplete", "list");
    var timer = null;
    var pending = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var typed = input.value.trim();
      if (!typed) {
        list.list = [];
        list.close();
        return;
      }
      timer = setTimeout(function () {
        if (pending) { pending.abort(); }
        pending = new AbortController();
        fetch(input.dataset.suggestionsUrl + "?q=" + encodeURIComponent(typed), {
          signal: pending.signal,
          headers: { Accept: "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.list = data.results;
            if (!data.results.length) { list.close(); }
          })
          .catch(function () {});
      }, 150);
    });
  }

  document.querySelectorAll("input[data-suggestions-url]").forEach(offerSuggestions);
})();
