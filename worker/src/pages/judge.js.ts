/**
 * The one script of /judge, optional (docs/pages.md "On-site judging"): without it every 保存 is a
 * plain form post and a page load; with it the same post goes by fetch, so a save that never
 * reaches the server (a phone between two rooms) says so beside its field and the typed value
 * stays where it is — no browser error page, nothing to retype. What the server answers (saved,
 * refused, closed) is read from the page it sends back, so the words are the server's, in the
 * judge's language. Served from this origin at a versioned URL: the CSP allows no inline script.
 */
export const judgeJs = `(function () {
  "use strict";
  var offline = document.documentElement.lang === "en"
    ? "Not saved: no connection. The score is still here; press Save again when the network is back."
    : "没有保存成功：网络不通。分数仍在框中，网络恢复后再点“保存”。";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest || !form.closest(".judge-list")) return;
    event.preventDefault();
    var item = form.closest("li");
    var status = item.querySelector(".judge-status");
    var input = form.querySelector("input[name=score]");
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (res) {
      return res.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.getElementById(item.id);
      if (!fresh) {
        // Not the judge page (the session ended): let the browser post and follow for real.
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      status.textContent = fresh.querySelector(".judge-status").textContent;
      item.className = fresh.className;
      input.setAttribute("aria-invalid", fresh.className.indexOf("failed") >= 0 ? "true" : "false");
      var progress = page.getElementById("progress");
      if (progress) document.getElementById("progress").innerHTML = progress.innerHTML;
    }).catch(function () {
      status.textContent = offline;
      item.className = "failed";
      input.setAttribute("aria-invalid", "true");
    }).then(function () {
      button.disabled = false;
    });
  });
})();
`;

/** FNV-1a of the script: its URL changes whenever it does, so it can be cached for a year. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export const judgeJsHref = `/judge/script.${fnv1a(judgeJs)}.js`;
