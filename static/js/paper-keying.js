// Keying a paper form: each box takes one key. A number 1 to 6 moves on to the next box by itself, Tab
// leaves a box blank, Backspace in an empty box goes back one, and Enter in the code field goes to the
// first box instead of sending a form with no answers yet. Without this script, Tab and Enter do it all.
(function () {
  "use strict";
  var form = document.querySelector("form.paper-keying");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(form.querySelectorAll("[data-keying-box]"));
  var code = form.querySelector("input[name='paper_code']");
  var send = form.querySelector("button[type='submit']");

  function go(index) {
    var target = index < boxes.length ? boxes[index] : send;
    target.focus();
    if (target.select) { target.select(); }
  }

  if (code && boxes.length) {
    code.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        go(0);
      }
    });
  }
  boxes.forEach(function (box, index) {
    box.addEventListener("focus", function () { box.select(); });
    box.addEventListener("input", function () {
      if (/^[1-6]$/.test(box.value)) { go(index + 1); }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Backspace" && box.value === "" && index > 0) {
        event.preventDefault();
        go(index - 1);
      }
    });
  });
})();
