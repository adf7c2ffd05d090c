// The communes page: the list narrows as a name is typed, folded as the server folds names (no
// diacritics, đ as d, a final k as c, y as i), so "dak plo" finds Xã Đăk Plô. Without this script the
// search button asks the server, which folds the same way.
(function () {
  var input = document.getElementById("commune-search");
  if (!input) { return; }
  var typeWords = [["dac", "khu"], ["phuong"], ["xa"]];
  function fold(text) {
    var t = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
    var words = t.split(/[^a-z0-9]+/).filter(function (w) { return w.length > 0; });
    for (var i = 0; i < typeWords.length; i++) {
      var tw = typeWords[i];
      if (words.length > tw.length && tw.every(function (w, k) { return words[k] === w; })) { words = words.slice(tw.length); break; }
    }
    return words.map(function (w) {
      w = w.replace(/y/g, "i");
      return w.length > 1 && w.charAt(w.length - 1) === "k" ? w.slice(0, -1) + "c" : w;
    }).join(" ");
  }
  var items = document.querySelectorAll("li[data-key]");
  input.addEventListener("input", function () {
    var typed = input.value.trim();
    var key = fold(typed);
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var shown = typed === "" || li.getAttribute("data-code").indexOf(typed) === 0 || li.getAttribute("data-key").indexOf(key) !== -1;
      li.hidden = !shown;
    }
  });
})();
