/* jixiao serve: the problems banner on every preview page, and a reload when a new build
   is ready (a long poll of __STATUS__). Served at /__jixiao__/live.js, never published. */
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(me && me.getAttribute("data-version"));
  var banner = null;
  function show(status) {
    var lines = status.problems.slice();
    if (status.message) lines.unshift(status.message);
    if (status.more) lines.push("……另有 " + status.more + " 个问题，见终端。");
    if (!lines.length) { if (banner) { banner.remove(); banner = null; } return; }
    var head = status.errors ? status.errors + " 个错误" : "";
    if (status.warnings) head += (head ? "，" : "") + status.warnings + " 个警告";
    var text = lines.join("\n");
    if (banner && banner.getAttribute("data-text") === text) return;
    var open = banner ? banner.open : Boolean(status.errors || status.message);
    if (banner) banner.remove();
    banner = document.createElement("details");
    banner.id = "jixiao-live-banner";
    banner.setAttribute("role", status.errors ? "alert" : "status");
    banner.setAttribute("data-text", text);
    banner.open = open;
    banner.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:2147483647;" +
      "max-height:40vh;overflow:auto;margin:0;padding:.4em 1em;font:14px/1.5 sans-serif;" +
      (status.errors || status.message
        ? "background:#fdecea;color:#611a15;border-bottom:3px solid #b71c1c"
        : "background:#fff8e1;color:#4e3400;border-bottom:3px solid #b45309");
    var summary = document.createElement("summary");
    summary.textContent = "jixiao 预览：" + (head || "构建未完成");
    var list = document.createElement("pre");
    list.style.cssText = "margin:.3em 0 0;white-space:pre-wrap;font:inherit";
    list.textContent = text;
    banner.appendChild(summary);
    banner.appendChild(list);
    document.body.appendChild(banner);
  }
  var pdf = me && me.getAttribute("data-pdf");
  if (pdf) {
    var link = document.createElement("a");
    link.href = pdf;
    link.id = "jixiao-live-pdf";
    link.textContent = "PDF（预览时按需打印）";
    link.style.cssText = "position:fixed;right:1em;bottom:1em;z-index:2147483646;" +
      "padding:.4em .8em;background:#1f2937;color:#fff;font:14px sans-serif;border-radius:4px";
    document.body.appendChild(link);
  }
  var serial = -1;
  function poll() {
    // A long poll: the server answers when its state moves past `serial` (or after a while).
    fetch("__STATUS__?serial=" + serial, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (status.version !== version && status.ok && !status.building) {
          location.reload();
          return;
        }
        serial = status.serial;
        show(status);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });  // server restarting
  }
  poll();
})();
