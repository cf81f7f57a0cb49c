// A form that is being sent cannot be sent again by a second click: its buttons wait until the
// page changes. The server refuses a second save anyway; this spares people a confusing message.
(function () {
  "use strict";
  document.querySelectorAll("form[method='post']").forEach(function (form) {
    form.addEventListener("submit", function () {
      // After this event the browser has read the clicked button's name and value.
      setTimeout(function () {
        form.querySelectorAll("button[type='submit'], button:not([type])").forEach(function (button) {
          button.disabled = true;
          button.dataset.sending = "";
        });
      }, 0);
    });
  });
  // Coming back with the Back button shows the page as it was left: let its buttons work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-sending]").forEach(function (button) {
      button.disabled = false;
      delete button.dataset.sending;
    });
  });
})();
