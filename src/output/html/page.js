// Sorting and filtering of the tables; the page reads the same without it.
(function () {
  var collator = new Intl.Collator(document.documentElement.lang, { numeric: true });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body) return;
    table.querySelectorAll("th").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") === "ascending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var p = x.dataset.sort || x.textContent, q = y.dataset.sort || y.textContent;
          return (down ? -1 : 1) * collator.compare(p, q);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    if (table.classList.contains("filterable")) {
      var input = document.createElement("input");
      input.type = "search";
      input.className = "filter";
      input.placeholder = table.dataset.filter || "";
      input.addEventListener("input", function () {
        var words = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(body.rows, function (r) {
          r.hidden = words !== "" && r.textContent.toLowerCase().indexOf(words) < 0;
        });
      });
      table.parentNode.insertBefore(input, table);
    }
  });
  // A link to a collapsed report opens it; printing opens every report.
  function openTarget() {
    var el = location.hash && document.getElementById(location.hash.slice(1));
    var d = el && el.querySelector("details");
    if (d) d.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
