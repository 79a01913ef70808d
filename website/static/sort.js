// Sortable tables: <table class="sortable"> whose header cells hold <button data-sort>.
// Numeric cells are read from their text ("1,234"; an em dash = no data, sorted last).
// The first click on a numeric column sorts it descending, on a text column ascending;
// the next click reverses. aria-sort tells assistive technology the current order.
(function () {
  "use strict";
  function value(row, index, numeric) {
    var raw = row.children[index].textContent.trim();
    if (!numeric) return raw.toLowerCase();
    var number = Number(raw.replace(/,/g, ""));
    return raw === "" || isNaN(number) ? null : number;
  }
  function sort(table, th, index) {
    var numeric = th.getAttribute("data-type") === "number";
    var current = th.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index, numeric), y = value(b, index, numeric);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var status = document.getElementById(table.getAttribute("data-status"));
    if (status) status.textContent = "Sorted by " + th.textContent.trim() + ", " + (descending ? "descending" : "ascending");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = th.querySelector("button[data-sort]");
      if (button) button.addEventListener("click", function () { sort(table, th, index); });
    });
  });
})();
