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
