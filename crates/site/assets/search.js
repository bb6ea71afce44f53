// Client-side search over the static index in search-index.js
// (window.WBD_SEARCH: [page, id, name, text] rows). The site works without it.
(function () {
  "use strict";
  var rows = window.WBD_SEARCH || [];
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  if (!input || !status || !list) return;
  function run(q) {
    q = q.trim().toLowerCase();
    list.textContent = "";
    if (!q) { status.textContent = rows.length + " records to search."; return; }
    var words = q.split(/\s+/);
    var found = 0;
    for (var i = 0; i < rows.length && found < 200; i++) {
      var r = rows[i];
      var hay = (r[1] + " " + r[2] + " " + r[3]).toLowerCase();
      var ok = true;
      for (var w = 0; w < words.length; w++) { if (hay.indexOf(words[w]) < 0) { ok = false; break; } }
      if (!ok) continue;
      found++;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r[0];
      a.textContent = r[2];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + r[1] + ")"));
      list.appendChild(li);
    }
    status.textContent = found === 0 ? "Nothing matches." : (found >= 200 ? "The first 200 matches:" : found + " match(es):");
  }
  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  input.addEventListener("input", function () { run(input.value); });
  run(q);
})();
