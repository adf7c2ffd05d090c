// The record form: only the attributes of the chosen item are shown and sent. Without this script every
// item's attributes are shown (each labelled with its item) and the server reads the chosen item's only.
(function () {
  var select = document.getElementById("item");
  if (!select) { return; }
  var groups = document.querySelectorAll("fieldset.attributes");
  function show() {
    for (var i = 0; i < groups.length; i++) {
      var chosen = groups[i].getAttribute("data-item") === select.value;
      groups[i].hidden = !chosen;
      groups[i].disabled = !chosen;
    }
  }
  select.addEventListener("change", show);
  show();
})();

// A file larger than the server takes is refused here, before it is sent, with the same words.
(function () {
  var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("change", function (event) {
      var input = event.target;
      var max = parseInt(input.getAttribute("data-max-bytes"), 10);
      var tooLarge = false;
      for (var k = 0; k < input.files.length; k++) { if (input.files[k].size > max) { tooLarge = true; } }
      input.setCustomValidity(tooLarge ? input.getAttribute("data-too-large") : "");
      if (tooLarge) { input.reportValidity(); }
    });
  }
})();
