// Embed snippets: fill in absolute URLs from this page's address (the site has no fixed
// base URL) and copy a snippet to the clipboard with its button.
(function () {
  "use strict";
  var snippets = document.querySelectorAll("code[data-snippet]");
  snippets.forEach(function (code) {
    var image = new URL(code.getAttribute("data-image"), window.location.href).href;
    var page = new URL(code.getAttribute("data-page"), window.location.href).href;
    var alt = code.getAttribute("data-alt");
    code.textContent = code.getAttribute("data-snippet") === "markdown"
      ? "[![" + alt + "](" + image + ")](" + page + ")"
      : '<a href="' + page + '"><img src="' + image + '" alt="' + alt.replace(/"/g, "&quot;") + '"></a>';
  });
  function copied(button, text) {
    button.textContent = text;
    window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var code = document.getElementById(button.getAttribute("data-copy"));
      var text = code.textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, "Copied"); },
          function () { copied(button, "Select and copy"); });
      } else {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        copied(button, "Selected: press Ctrl+C");
      }
    });
  });
})();
