/* The search page, on Pagefind's JavaScript API (kept out of the HTML: the CSP forbids
   inline scripts). Every text it shows is put in with textContent: titles, unit names and
   excerpts come from report authors and are never read as HTML.

   The index holds every character of a report as a word of its own (builder/site/
   searchtext.py), so a query is asked as an exact phrase of its characters: Pagefind then
   finds exactly the reports whose text contains it, whatever a word segmenter would
   have made of it. A large site's index comes in several bundles (data-search-merge
   lists the others, relative to the first), merged here and searched as one. The
   address (?q=…&年度=…) follows the form while typing, so a search can be shared. */
(function () {
  "use strict";
  var PAGE = 10;
  var CHECKED = 200; // candidates checked for a query of several terms or with punctuation
  var SEPARATOR = "\u00a6"; // whitespace in the indexed text (searchtext.SEPARATOR)
  var META = ["单位", "年度", "类型", "等级", "发布日期", "索引号"];

  // The query's longest run of letters and digits as an exact phrase of single characters
  // (Pagefind answers one phrase a query; punctuation is a word of its own in the index,
  // which a phrase cannot hold). EXACT: that phrase is the whole query, so Pagefind's
  // answer is the answer; otherwise the candidates are checked here against every term.
  function plan(query) {
    var runs = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    var longest = runs.reduce(function (a, b) { return b.length > a.length ? b : a; }, "");
    var words = terms(query);
    return {
      phrase: longest ? "\"" + Array.from(longest).join(" ") + "\"" : "",
      words: words,
      exact: words.length === 1 && words[0] === longest
    };
  }
  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }
  // The report's text from Pagefind's copy of it (one character a word).
  function readable(content) {
    return (content || "").split(" ").map(function (w) { return w === SEPARATOR ? " " : w; }).join("");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // An excerpt around the first term's first place, every term marked (<mark> elements
  // around text nodes, never markup from the index).
  function excerpt(text, words) {
    var lower = text.toLowerCase();
    var at = lower.indexOf(words[0]);
    var start = Math.max(0, at - 30);
    var end = Math.min(text.length, at + words[0].length + 60);
    var node = element("p", "search-result-excerpt");
    if (start > 0) { node.appendChild(document.createTextNode("…")); }
    var i = start;
    while (i < end) {
      var next = -1, length = 0;
      words.forEach(function (word) {
        var found = lower.indexOf(word, i);
        if (found !== -1 && found < end && (next === -1 || found < next)) { next = found; length = word.length; }
      });
      if (next === -1) { node.appendChild(document.createTextNode(text.slice(i, end))); break; }
      if (next > i) { node.appendChild(document.createTextNode(text.slice(i, next))); }
      node.appendChild(element("mark", "", text.slice(next, next + length)));
      i = next + length;
    }
    if (end < text.length) { node.appendChild(document.createTextNode("…")); }
    return node;
  }

  function resultItem(data, words) {
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a", "", data.meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var shown = META.filter(function (name) { return data.meta[name]; }).map(function (name) {
      return name === "年度" ? data.meta[name] + " 年度" : name === "索引号" ? "索引号 " + data.meta[name] : data.meta[name];
    });
    item.appendChild(element("p", "search-result-meta", shown.join(" · ")));
    item.appendChild(excerpt(readable(data.content), words));
    return item;
  }

  function start(form) {
    var bundle = new URL(form.getAttribute("data-search-bundle"), window.location.href);
    var input = form.querySelector("input[name=q]");
    var status = document.querySelector("[data-search-status]");
    var list = document.querySelector("[data-search-results]");
    var more = document.querySelector("[data-search-more]");
    var selects = {};
    var current = { results: [], shown: 0, words: [], run: 0 };

    function chosenFilters() {
      var chosen = {};
      Object.keys(selects).forEach(function (name) {
        if (selects[name].value) { chosen[name] = selects[name].value; }
      });
      return chosen;
    }
    function remember() {
      var params = new URLSearchParams();
      if (input.value) { params.set("q", input.value); }
      var chosen = chosenFilters();
      Object.keys(chosen).forEach(function (name) { params.set(name, chosen[name]); });
      var address = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      window.history.replaceState(null, "", address);
    }

    return import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      var root = new URL("..", bundle).pathname;
      var merged = (form.getAttribute("data-search-merge") || "").split(" ").filter(Boolean);
      return pagefind.options({ baseUrl: root, excerptLength: 0 }).then(function () {
        return Promise.all(merged.map(function (name) {
          return pagefind.mergeIndex(new URL(name, bundle).pathname);
        }));
      }).then(function () { return pagefind; });
    }).then(function (pagefind) {
      function showMore() {
        var run = current.run;
        var batch = current.results.slice(current.shown, current.shown + PAGE);
        current.shown += batch.length;
        more.hidden = true;
        list.setAttribute("aria-busy", "true");
        return Promise.all(batch.map(function (r) { return r.data(); })).then(function (all) {
          if (run !== current.run) { return; }
          all.forEach(function (data) {
            var text = readable(data.content).toLowerCase();
            // Exact already for letters and digits; a query with punctuation is checked here.
            if (current.words.every(function (w) { return text.indexOf(w) !== -1; })) {
              list.appendChild(resultItem(data, current.words));
            }
          });
          more.hidden = current.shown >= current.results.length;
          list.setAttribute("aria-busy", "false");
        });
      }
      // The candidates (at most CHECKED of them) whose text holds every term.
      function checked(results, words) {
        return Promise.all(results.slice(0, CHECKED).map(function (r) { return r.data(); })).then(function (all) {
          return results.slice(0, CHECKED).filter(function (r, i) {
            var text = readable(all[i].content).toLowerCase();
            return words.every(function (w) { return text.indexOf(w) !== -1; });
          });
        });
      }
      function search() {
        var run = ++current.run;
        remember();
        var query = plan(input.value);
        list.textContent = "";
        more.hidden = true;
        list.setAttribute("aria-busy", "true");
        if (!query.phrase) { status.textContent = ""; list.setAttribute("aria-busy", "false"); return Promise.resolve(); }
        status.textContent = "正在检索……";
        return pagefind.search(query.phrase, { filters: chosenFilters() }).then(function (found) {
          return query.exact ? found.results : checked(found.results, query.words);
        }).then(function (results) {
          if (run !== current.run) { return; }
          current.results = results;
          current.shown = 0;
          current.words = query.words;
          var shown = input.value.trim();
          status.textContent = results.length
            ? "找到 " + results.length + " 份报告含有「" + shown + "」。"
            : "没有报告含有「" + shown + "」。";
          return showMore();
        });
      }
      var timer = null;
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(search, 150);
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); search(); });
      more.addEventListener("click", showMore);
      var params = new URLSearchParams(window.location.search);
      Array.prototype.forEach.call(form.querySelectorAll("select[data-search-filter]"), function (select) {
        var wanted = params.get(select.name);
        if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
          select.value = wanted;
        }
        select.addEventListener("change", search);
        selects[select.name] = select;
      });
      input.value = params.get("q") || input.value;
      return search();
    });
  }

  window.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-search]");
    if (!form) { return; }
    var status = document.querySelector("[data-search-status]");
    start(form).catch(function () {
      if (status) { status.textContent = "检索暂时无法使用，请通过分类浏览查找报告。"; }
    });
  });
})();
