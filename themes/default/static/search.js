/* The search page, on Pagefind's JavaScript API (kept out of the HTML: the CSP forbids
   inline scripts). Every text it shows is put in with textContent: titles, unit names and
   excerpts come from report authors and are never read as HTML.

   The index holds, at every character of a run of letters and digits, the run's next
   GRAM characters as one word in lowercase ASCII letters (builder/search/text.py), so
   a query of GRAM characters or more is asked as an exact phrase of its overlapping
   GRAM-character words: Pagefind then finds exactly the reports whose text contains it,
   whatever a word segmenter would have made of it. A shorter query is the prefix of
   words; Pagefind loads only the index chunk where the prefix would sort, so the chunks
   starting with it (listed in starts.json) are loaded first. A large site's index comes
   in several bundles (data-search-merge lists the others, relative to the first), merged
   here and searched as one. The address (?q=…&年度=…) follows the form while typing, so
   a search can be shared. */
(function () {
  "use strict";
  var PAGE = 10;
  var CHECKED = 200; // candidates checked for a query of several terms or with punctuation
  var SEPARATOR = "\u00a6"; // whitespace in the indexed text (searchtext.SEPARATOR)
  var GRAM = 3; // characters a word (searchtext.GRAM)
  var LETTERS = "abcdefghijklmnopqrstuvwxyz";
  var META = ["单位", "年度", "类型", "等级", "发布日期", "索引号"];

  // TEXT as the index writes it: four letters a UTF-16 code unit (searchtext.encoded).
  function encoded(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      out += LETTERS[Math.floor(unit / 17576)] + LETTERS[Math.floor(unit / 676) % 26] +
        LETTERS[Math.floor(unit / 26) % 26] + LETTERS[unit % 26];
    }
    return out;
  }
  function letterValue(word, at) {
    var unit = 0;
    for (var i = at; i < at + 4; i++) { unit = unit * 26 + LETTERS.indexOf(word[i]); }
    return unit;
  }
  // The character a word starts with (one code unit, or a surrogate pair: eight letters).
  function firstCharacter(word) {
    var unit = letterValue(word, 0);
    if (unit >= 0xd800 && unit <= 0xdbff && word.length >= 8) {
      return String.fromCharCode(unit, letterValue(word, 4));
    }
    return String.fromCharCode(unit);
  }

  // The query's longest run of letters and digits, as Pagefind is asked for it: an exact
  // phrase of GRAM-character words, or (shorter) the prefix of words. Punctuation is a
  // word without an index entry, which a phrase cannot hold. EXACT: the run is the whole
  // query, so Pagefind's answer is the answer; otherwise the candidates are checked here
  // against every term.
  function plan(query) {
    var runs = (query.match(/[\p{L}\p{N}]+/gu) || []).map(function (run) {
      return Array.from(run.toLowerCase());
    });
    var longest = runs.reduce(function (a, b) { return b.length > a.length ? b : a; }, []);
    var words = terms(query);
    var phrase = "", first = "", prefix = "";
    if (longest.length >= GRAM) {
      var grams = [];
      for (var i = 0; i + GRAM <= longest.length; i++) {
        grams.push(encoded(longest.slice(i, i + GRAM).join("")));
      }
      phrase = "\"" + grams.join(" ") + "\"";
      first = grams.length > 1 ? "\"" + grams[0] + "\"" : "";
    } else if (longest.length) {
      prefix = encoded(longest.join(""));
    }
    return {
      phrase: phrase,
      first: first,
      prefix: prefix,
      words: words,
      exact: words.length === 1 && words[0] === longest.join("")
    };
  }
  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }
  // The report's text from Pagefind's copy of it: the first character of each word
  // (letters and digits in lowercase), other characters as they are, SEPARATOR a space.
  function readable(content) {
    return (content || "").split(/[\s\u200b]+/).map(function (word) {
      if (word === SEPARATOR) { return " "; }
      return /^[a-d][a-z]{3}/.test(word) ? firstCharacter(word) : word;
    }).join("");
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
    var starts = null; // starts.json, loaded for the first short query

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
      // Every index chunk a prefix's words may be in: the one where the prefix sorts and
      // each one starting with it, loaded by asking for its first word.
      function loadPrefix(prefix) {
        if (!starts) {
          starts = fetch(new URL("starts.json", bundle).href).then(function (response) {
            if (!response.ok) { throw new Error("starts.json " + response.status); }
            return response.json();
          });
        }
        return starts.then(function (all) {
          var wanted = [prefix].concat(all.filter(function (start) {
            return start.length > prefix.length && start.indexOf(prefix) === 0;
          }));
          return Promise.all(wanted.map(function (word) { return pagefind.preload(word); }));
        });
      }
      function search() {
        var run = ++current.run;
        remember();
        var query = plan(input.value);
        list.textContent = "";
        more.hidden = true;
        list.setAttribute("aria-busy", "true");
        if (!query.phrase && !query.prefix) { status.textContent = ""; list.setAttribute("aria-busy", "false"); return Promise.resolve(); }
        status.textContent = "正在检索……";
        var filters = { filters: chosenFilters() };
        // A phrase of several words: its first word alone first, whose index chunks the
        // phrase needs anyway; if no report has it, the other words are never loaded.
        var ready = query.prefix ? loadPrefix(query.prefix).then(function () { return null; })
          : query.first ? pagefind.search(query.first, filters) : Promise.resolve(null);
        return ready.then(function (firstFound) {
          if (firstFound && !firstFound.results.length) { return firstFound; }
          return pagefind.search(query.phrase || query.prefix, filters);
        }).then(function (found) {
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
