/* "What if they leave?" (klynge_cli/render/whatif_page.py).
 *
 * Every figure is klynge's: the page holds, per cluster and year, the amounts of every
 * withdrawal set it offers (worked out in advance by klynge_cli/engine/outcomes.py). This script
 * only looks them up and adds them (BigInt øre, no floating point); it never splits a pool.
 * A set it holds no amounts for is said to be "not embedded", with the command that answers it.
 */
(function () {
  "use strict";
  var section = document.getElementById("whatif");
  var source = document.getElementById("whatif-data");
  if (!section || !source || typeof BigInt === "undefined" || !window.JSON) {
    return; // the note for readers without JavaScript stays
  }
  var D = JSON.parse(source.textContent);
  var W = D.words;
  var $ = function (id) { return document.getElementById(id); };
  var pickCluster = $("whatif-cluster");
  var pickYear = $("whatif-year");
  var rows = $("whatif-rows");
  var state = { cluster: 0, year: 0, leaving: [] };
  var boxes = []; // member index → its checkbox (tickable members only)

  // Words and numbers -------------------------------------------------------------------------
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }
  function grouped(ore, decimals) {
    var negative = ore < 0n;
    var whole = negative ? -ore : ore;
    var kroner = (whole / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, D.thousands);
    var rest = whole % 100n;
    if (decimals || rest !== 0n) kroner += D.point + rest.toString().padStart(2, "0");
    return (negative ? "-" : "") + kroner;
  }
  function kr(ore, decimals) { return grouped(ore, decimals) + " kr."; }
  function signedKr(ore, decimals) {
    return (ore < 0n ? "\u2212" : "+") + kr(ore < 0n ? -ore : ore, decimals);
  }
  // The CSV contract's money format (render/records.py, money_text): "31237.00", "-0.50".
  function money(ore) {
    var negative = ore < 0n;
    var whole = negative ? -ore : ore;
    return (negative ? "-" : "") + (whole / 100n).toString() + "." +
      (whole % 100n).toString().padStart(2, "0");
  }
  // A number and its unit stay on one line in running text: "81,25 %", "348.155 kr.".
  function together(text) { return text.replace(/ /g, "\u00a0"); }
  function listing(names) {
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join(", ") + " " + W.and + " " + names[names.length - 1];
  }
  function shellWord(text) {
    return /^[\p{L}\p{N}_.@\/+=:,-]+$/u.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
  }
  function units(text, unit) {
    return text === "" ? [] : text.split(",").map(function (u) { return BigInt(u) * BigInt(unit); });
  }
  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The selection -----------------------------------------------------------------------------
  function cluster() { return D.clusters[state.cluster]; }
  function clusterYear() { return cluster().years[state.year]; }

  function fragment() {
    var c = cluster();
    var names = state.leaving.map(function (i) { return encodeURIComponent(c.members[i]); });
    return "whatif=" + encodeURIComponent(c.id) + ":" + clusterYear().year + ":" + names.join(",");
  }

  // `#whatif=CLUSTER:YEAR:NAME,NAME` (each part URL-encoded); anything unknown is ignored.
  function fromFragment(hash) {
    var match = /^#?whatif=([^:]*):?([^:]*):?(.*)$/.exec(hash || "");
    if (!match) return null;
    var decode = function (text) {
      try { return decodeURIComponent(text); } catch (e) { return null; }
    };
    var id = decode(match[1]);
    var ci = D.clusters.findIndex(function (c) { return c.id === id; });
    if (ci < 0) return null;
    var c = D.clusters[ci];
    var yi = c.years.findIndex(function (y) { return String(y.year) === decode(match[2]); });
    if (yi < 0) yi = 0;
    var wanted = match[3] === "" ? [] : match[3].split(",").map(decode);
    var tickable = c.years[yi].tickable;
    var leaving = tickable.filter(function (i) { return wanted.indexOf(c.members[i]) >= 0; });
    return { cluster: ci, year: yi, leaving: leaving };
  }

  function same(a, b) {
    return a.cluster === b.cluster && a.year === b.year &&
      a.leaving.join(".") === b.leaving.join(".");
  }

  // The address bar follows the selection (without a new history entry per tick). Browsers
  // make a history update cost milliseconds and throttle many, so it waits for a pause.
  var pending = null;
  function remember() {
    var hash = "#" + fragment();
    $("whatif-link").value = location.href.split("#")[0] + hash;
    $("whatif-copied").textContent = "";
    clearTimeout(pending);
    pending = setTimeout(function () {
      if (location.hash === hash) return;
      try {
        history.replaceState(null, "", hash);
      } catch (e) {
        location.replace(hash);
      }
    }, 120);
  }

  // Building the controls ---------------------------------------------------------------------
  function yearOptions() {
    pickYear.textContent = "";
    cluster().years.forEach(function (y) {
      pickYear.appendChild(element("option", { value: String(y.year) }, String(y.year)));
    });
    pickYear.selectedIndex = state.year;
  }

  function buildRows() {
    var c = cluster();
    var y = clusterYear();
    rows.textContent = "";
    boxes = [];
    $("whatif-caption").textContent = c.name + " (" + c.id + "), " + y.year;
    var lead = element("tr", { "class": "lead" });
    lead.appendChild(element("td"));
    lead.appendChild(element("td", {}, c.lead));
    ["num", "num", "num"].forEach(function (kind) { lead.appendChild(element("td", { "class": kind })); });
    rows.appendChild(lead);
    c.members.forEach(function (name, i) {
      var row = element("tr", { "data-index": String(i) });
      var first = element("td");
      var label;
      if (y.tickable.indexOf(i) >= 0) {
        var id = "whatif-leave-" + i;
        var box = element("input", { type: "checkbox", id: id, "data-withdraw": name });
        box.checked = state.leaving.indexOf(i) >= 0;
        box.addEventListener("change", onTick);
        box.addEventListener("input", onTick);
        boxes[i] = box;
        first.appendChild(box);
        label = element("label", { "for": id }, name);
      } else {
        var from = c.gone[String(i)];
        first.textContent = fill(from <= y.year ? W.left_from : W.leaves_later, { year: from });
        label = element("span", {}, name);
        if (from <= y.year) row.className = "withdrawn";
      }
      row.appendChild(first);
      var cell = element("td");
      cell.appendChild(label);
      row.appendChild(cell);
      ["num", "num", "num"].forEach(function (kind) { row.appendChild(element("td", { "class": kind })); });
      rows.appendChild(row);
    });
  }

  // The outcome of the selection: a lookup in the embedded sets, never a split ----------------
  function outcome() {
    var c = cluster();
    var y = clusterYear();
    var k = state.leaving.length;
    var kind = y.sizes.charAt(2 * k);
    var reason = y.sizes.charAt(2 * k + 1);
    var left = y.participants.filter(function (i) { return state.leaving.indexOf(i) < 0; });
    var amounts = null; // member index → øre, for every participant left
    if (kind === "s" && Object.prototype.hasOwnProperty.call(y.sets, state.leaving.join("."))) {
      var values = units(y.sets[state.leaving.join(".")], y.unit);
      amounts = new Map(left.map(function (i, n) { return [i, values[n]]; }));
    } else if (kind === "l") {
      var full = units(y.full, y.unit);
      amounts = new Map(left.map(function (i) { return [i, full[i]]; }));
    }
    var written = units(y.sets[""], y.unit);
    var before = new Map(y.participants.map(function (i, n) { return [i, written[n]]; }));
    return { kind: kind, reason: reason, left: left, amounts: amounts, before: before, k: k };
  }

  // The command that answers the selection, written into a `code` element: one unbreakable
  // span per option and its value, so a line never breaks inside `--withdraw Køge@2023`.
  function command(code) {
    var c = cluster();
    var y = clusterYear();
    var parts = [state.leaving.length ? "klynge whatif" : "klynge allocate"];
    if (D.file) parts.push(D.file);
    state.leaving.forEach(function (i) { parts.push("--withdraw " + shellWord(c.members[i] + "@" + y.year)); });
    parts.push("--cluster " + shellWord(c.id));
    if (!state.leaving.length) parts.push("--year " + y.year);
    code.textContent = "";
    parts.forEach(function (part, n) {
      if (n) code.appendChild(document.createTextNode(" "));
      code.appendChild(element("span", {}, part));
    });
    return code;
  }

  function setAmount(cell, ore, decimals, contract) {
    cell.textContent = ore === null ? "\u2013" : kr(ore, decimals);
    if (contract && ore !== null) {
      cell.setAttribute("data-amount", money(ore));
    } else {
      cell.removeAttribute("data-amount");
    }
  }

  function setChange(cell, change, decimals) {
    cell.className = "num" + (change === null || change === 0n ? "" : change > 0n ? " up" : " down");
    cell.textContent = change === null ? "\u2013" : change === 0n ? "0 kr." : signedKr(change, decimals);
  }

  // A municipality's what-if cell: the contract's `data-amount`, and the change beside it.
  function setWhatif(cell, name, ore, change, decimals) {
    cell.setAttribute("data-municipality", name);
    setAmount(cell, ore, decimals, true);
    if (change === null) cell.removeAttribute("data-change");
    else cell.setAttribute("data-change", money(change));
  }

  function update() {
    var c = cluster();
    var y = clusterYear();
    var result = outcome();
    var decimals = y.unit === 1;
    var known = result.amounts !== null;
    var lead = BigInt(y.lead);
    var pool = 0n;
    var before = 0n;
    // The lead and every member, in the CSV's order; the what-if amount carries the contract.
    var leadCells = rows.firstChild.querySelectorAll("td.num");
    setAmount(leadCells[0], lead, decimals, false);
    setWhatif(leadCells[1], c.lead_name, known ? lead : null, known ? 0n : null, decimals);
    setChange(leadCells[2], known ? 0n : null, decimals);
    var whatif = new Map();
    Array.prototype.forEach.call(rows.querySelectorAll("tr[data-index]"), function (row) {
      var i = Number(row.getAttribute("data-index"));
      var cells = row.querySelectorAll("td.num");
      var was = result.before.has(i) ? result.before.get(i) : 0n;
      var now = null;
      if (known) now = result.amounts.has(i) ? result.amounts.get(i) : 0n;
      before += was;
      if (now !== null) pool += now;
      whatif.set(i, now);
      var leaving = state.leaving.indexOf(i) >= 0;
      row.classList.toggle("leaving", leaving);
      if (row.classList.contains("withdrawn")) {
        cells[0].textContent = W.withdrawn;
      } else {
        setAmount(cells[0], was, decimals, false);
      }
      setWhatif(cells[1], c.members[i], now, now === null ? null : now - was, decimals);
      if (row.classList.contains("withdrawn") && now !== null) cells[1].textContent = W.withdrawn;
      setChange(cells[2], now === null ? null : now - was, decimals);
    });
    var foot = $("whatif-foot");
    foot.textContent = "";
    var total = element("tr", { "class": "total" });
    total.appendChild(element("td"));
    total.appendChild(element("td", {}, W.total));
    total.appendChild(element("td", { "class": "num" }, kr(lead + before, decimals)));
    total.appendChild(element("td", { "class": "num" }, known ? kr(lead + pool, decimals) : "\u2013"));
    var change = element("td", { "class": "num" });
    setChange(change, known ? pool - before : null, decimals);
    total.appendChild(change);
    foot.appendChild(total);
    summary(result, known ? pool : null, lead);
    bills(result, whatif);
    $("whatif-command-label").textContent = W.command;
    command($("whatif-command"));
    var names = state.leaving.map(function (i) { return c.members[i]; });
    $("whatif-printed").textContent = fill(W.printed, {
      cluster: c.name + " (" + c.id + ")", year: y.year, names: names.length ? listing(names) : W.no_one
    });
  }

  function summary(result, pool, lead) {
    var c = cluster();
    var y = clusterYear();
    var decimals = y.unit === 1;
    var box = $("whatif-summary");
    box.textContent = "";
    box.classList.toggle("warn", result.amounts === null);
    var names = state.leaving.map(function (i) { return c.members[i]; });
    var first = names.length
      ? fill(names.length === 1 ? W.leaves_one : W.leave, { names: listing(names), cluster: c.name, year: y.year })
      : W.nobody;
    var p = result.left.length;
    var n = c.members.length;
    var reason = result.reason;
    if (reason === "f") { // a formula without a pool (R13): nothing moves to the others
      box.appendChild(element("p", {}, first + " " + fill(W.formula_pay, {
        p: p, n: n, formula: y.formula
      })));
    } else {
      box.appendChild(element("p", {}, first + " " + threshold(result, pool)));
    }
    if (result.kind === "r") {
      box.appendChild(element("p", { "class": "whatif-refused" },
        fill(W.refused, { message: y.refusals[String(result.k)] })));
    } else if (pool === null) {
      var beyond = element("p", { "class": "whatif-beyond" }, fill(W.beyond, { k: result.k }) + " ");
      beyond.appendChild(command(element("code")));
      box.appendChild(beyond);
    } else {
      box.appendChild(element("p", {}, fill(W.lead_pays, {
        lead: c.lead_name, amount: together(kr(lead, decimals)), payee: y.payee,
        total: together(kr(lead + pool, decimals)), year: y.year
      })));
    }
  }

  // The threshold test (R3) and what it does to the pool, for a pool year.
  function threshold(result, pool) {
    var c = cluster();
    var y = clusterYear();
    var decimals = y.unit === 1;
    var p = result.left.length;
    var n = c.members.length;
    var reason = result.reason;
    var atLeast = reason === "e" || reason === "t" || reason === "S";
    var test = fill(W.take_part, {
      p: p, n: n, percent: together(c.percent[p]), sign: atLeast ? "\u2265" : "<",
      threshold: together(y.threshold)
    });
    if (reason === "s" || reason === "S") test += " (" + W.single + ")";
    var how = fill(W[y.policy] || "", { p: p, n: n, year: y.year });
    var held = reason !== "r";
    var pooled;
    if (pool === null) {
      pooled = held ? fill(W.held, { pool: together(kr(BigInt(y.pool), decimals)) })
        : fill(W.reduced_unknown, { policy: y.policy_name });
    } else {
      pooled = held ? fill(W.held, { pool: together(kr(pool, decimals)) })
        : fill(W.reduced, { pool: together(kr(pool, decimals)), policy: y.policy_name, how: how });
    }
    return test + "; " + pooled;
  }

  function bills(result, whatif) {
    var c = cluster();
    var y = clusterYear();
    var body = $("whatif-bills");
    var known = result.amounts !== null;
    body.textContent = "";
    $("whatif-bills-title").textContent = fill(W.bills, { year: y.year });
    $("whatif-bills-note").textContent = fill(W.bills_note, { cluster: c.name });
    // With one cluster the bills are the table above: shown only when there are several.
    body.closest(".whatif-bills").hidden = D.clusters.length < 2;
    var written = D.bills[String(y.year)] || {};
    var own = new Map(); // this cluster's amounts: as written and what if, by name
    own.set(c.lead_name, [BigInt(y.lead), known ? BigInt(y.lead) : null]);
    c.members.forEach(function (name, i) {
      var was = result.before.has(i) ? result.before.get(i) : 0n;
      own.set(name, [was, whatif.get(i)]);
    });
    var sumBefore = 0n;
    var sumAfter = 0n;
    Object.keys(written).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; }).forEach(function (name) {
      var before = BigInt(written[name]);
      var after = before;
      if (own.has(name)) {
        var pair = own.get(name);
        after = pair[1] === null ? null : before - pair[0] + pair[1];
      }
      sumBefore += before;
      if (after !== null && sumAfter !== null) sumAfter += after; else sumAfter = null;
      var row = element("tr");
      row.appendChild(element("td", {}, name));
      row.appendChild(element("td", { "class": "num", "data-total": money(before) }, kr(before, D.decimals)));
      row.appendChild(element("td", { "class": "num" }, after === null ? "\u2013" : kr(after, D.decimals)));
      var change = element("td", { "class": "num" });
      setChange(change, after === null ? null : after - before, D.decimals);
      row.appendChild(change);
      body.appendChild(row);
    });
    var total = element("tr", { "class": "total" });
    total.appendChild(element("td", {}, W.total));
    total.appendChild(element("td", { "class": "num" }, kr(sumBefore, D.decimals)));
    total.appendChild(element("td", { "class": "num" }, sumAfter === null ? "\u2013" : kr(sumAfter, D.decimals)));
    var change = element("td", { "class": "num" });
    setChange(change, sumAfter === null ? null : sumAfter - sumBefore, D.decimals);
    total.appendChild(change);
    body.appendChild(total);
  }

  // Events ------------------------------------------------------------------------------------
  // Rows are built anew only for another cluster or year, so a tick keeps the focus.
  function show(next, first) {
    var rebuild = first || next.cluster !== state.cluster || next.year !== state.year;
    var clusterChanged = first || next.cluster !== state.cluster;
    state = next;
    pickCluster.selectedIndex = state.cluster;
    if (clusterChanged) yearOptions();
    pickYear.selectedIndex = state.year;
    if (rebuild) {
      buildRows();
    } else {
      boxes.forEach(function (box, i) { if (box) box.checked = state.leaving.indexOf(i) >= 0; });
    }
    update();
  }

  // Each control answers both `input` and `change` (a script driving the page may send either);
  // a second event for the same state changes nothing.
  function choose(next) {
    if (same(next, state)) return;
    show(next);
    remember();
  }

  function onTick() {
    var leaving = [];
    boxes.forEach(function (box, i) { if (box && box.checked) leaving.push(i); });
    choose({ cluster: state.cluster, year: state.year, leaving: leaving });
  }

  function onCluster() {
    // Another cluster: nobody ticked, the same year if the cluster has it, else its first.
    var years = D.clusters[pickCluster.selectedIndex].years;
    var year = clusterYear().year;
    var index = years.findIndex(function (y) { return y.year === year; });
    choose({ cluster: pickCluster.selectedIndex, year: Math.max(index, 0), leaving: [] });
  }

  function onYear() {
    // The same members may be ticked in every year of a cluster: the ticks stay.
    choose({ cluster: state.cluster, year: pickYear.selectedIndex, leaving: state.leaving.slice() });
  }

  ["input", "change"].forEach(function (kind) {
    pickCluster.addEventListener(kind, onCluster);
    pickYear.addEventListener(kind, onYear);
  });
  $("whatif-clear").addEventListener("click", function () {
    choose({ cluster: state.cluster, year: state.year, leaving: [] });
  });
  $("whatif-copy").addEventListener("click", function () {
    var link = $("whatif-link");
    var done = function () { $("whatif-copied").textContent = W.copied; };
    link.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link.value).then(done, function () {
        if (document.execCommand("copy")) done();
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  });
  window.addEventListener("hashchange", function () {
    var next = fromFragment(location.hash);
    if (next && !same(next, state)) {
      show(next);
      $("whatif-link").value = location.href;
    }
  });

  var shared = fromFragment(location.hash);
  show(shared || state, true);
  // Only now that it works: should anything above fail, the note stays and the controls hidden.
  section.querySelector(".whatif-no-script").hidden = true;
  section.querySelector(".whatif-app").hidden = false;
  $("whatif-link").value = location.href.split("#")[0] + "#" + fragment();
  if (shared) section.scrollIntoView();
})();
