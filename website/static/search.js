// Client-side search over window.OSO_SEARCH (search-index.js): projects and collections by
// name or display name, prefix matches first, then in leaderboard order. Results are links,
// so Tab moves through them; Enter in the box opens the first one.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var data = window.OSO_SEARCH;
  if (!form || !data) return;
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = form.getAttribute("data-root") || "";
  var MAX = 20;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function prepare(entries, kind, folder) {
    return entries.map(function (e) {
      return { slug: e[0], title: e[1], name: e[2] || e[0], kind: kind, folder: folder,
               hay: fold(e[1] + " " + (e[2] || e[0])) };
    });
  }
  var items = prepare(data.c, "Collection", "collections").concat(prepare(data.p, "Project", "projects"));

  function search(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var starts = [], contains = [];
    for (var i = 0; i < items.length && starts.length < MAX; i++) {
      var at = items[i].hay.indexOf(q);
      if (at === 0 || (at > 0 && /[\s\-_.\/]/.test(items[i].hay.charAt(at - 1)))) starts.push(items[i]);
      else if (at > 0 && contains.length < MAX) contains.push(items[i]);
    }
    return starts.concat(contains).slice(0, MAX);
  }
  function url(item) {
    return root + item.folder + "/" + item.slug + "/index.html";
  }
  function show(results, query) {
    list.textContent = "";
    results.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = url(item);
      a.textContent = item.title;
      var meta = document.createElement("span");
      meta.className = "detail";
      meta.textContent = " " + item.kind.toLowerCase() + " \u00b7 " + item.name;
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
    status.textContent = query.trim() ? (results.length ? results.length + (results.length === MAX ? "+" : "") +
      " match" + (results.length === 1 ? "" : "es") : "No project or collection matches \u201c" + query.trim() + "\u201d") : "";
  }
  input.addEventListener("input", function () { show(search(input.value), input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var results = search(input.value);
    if (results.length) window.location.href = url(results[0]);
  });
  if (input.value) show(search(input.value), input.value);
})();
