// 预览页面：长轮询 /api/state，有新版本就就地换掉报告（不整页刷新，保留滚动位置），
// 问题列在右边并标在报告里；点一条问题翻到它的位置并显示数据文件里的那一行。
"use strict";

const frame = document.getElementById("preview");
const list = document.getElementById("problems");
let version = 0;
let htmlVersion = -1;
let current = null;
let selected = -1;
let session = null;
const PLACEHOLDER = '<!DOCTYPE html><html lang="zh-CN"><head><link rel="stylesheet" href="/assets/sheet.css"></head>'
  + '<body><article class="report"><p>数据文件还读不懂，改好后这里显示报告。</p></article></body></html>';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// 数据文件的一行，第 col 个字标出来（col 从 1 起；行尾之后标一个空格）。
function sourceLine(text, col) {
  const pre = el("pre");
  const chars = Array.from(text);
  const at = Math.max(0, col - 1);
  pre.append(chars.slice(0, at).join(""));
  pre.append(el("mark", "col", chars[at] === undefined ? " " : chars[at]));
  pre.append(chars.slice(at + 1).join(""));
  return pre;
}

// 第一次（或上一次只是占位）整份写入；以后只换样式表的文字与 <body>，不重新载入页面。
function replaceReport(html, whole) {
  const doc = frame.contentDocument;
  if (whole || !doc.querySelector("article.report")) {
    doc.open();
    doc.write(html);
    doc.close();
    doc.addEventListener("click", onPreviewClick);
    return;
  }
  const fresh = new DOMParser().parseFromString(html, "text/html");
  const win = frame.contentWindow;
  const x = win.scrollX;
  const y = win.scrollY;
  const oldStyles = doc.head.querySelectorAll("style");
  fresh.head.querySelectorAll("style").forEach((style, i) => {
    if (oldStyles[i] && oldStyles[i].textContent !== style.textContent) oldStyles[i].textContent = style.textContent;
  });
  doc.title = fresh.title;
  doc.body.replaceWith(doc.importNode(fresh.body, true));
  win.scrollTo(x, y);
}

function mark(state) {
  const doc = frame.contentDocument;
  doc.querySelectorAll(".gj-error, .gj-warning").forEach((node) => {
    node.classList.remove("gj-error", "gj-warning");
    node.removeAttribute("title");
  });
  for (const level of ["warning", "error"]) {
    for (const problem of state.problems) {
      if (problem.level !== level) continue;
      for (const hook of problem.hooks) {
        const node = doc.querySelector(`[data-gj="${hook}"]`);
        if (!node) continue;
        node.classList.remove("gj-warning");
        node.classList.add(`gj-${level}`);
        node.title = `${problem.level_word} [${problem.code}] ${problem.message}`;
      }
    }
  }
  doc.documentElement.classList.toggle("gj-stale", state.status === "broken");
}

function where(problem) {
  return problem.line ? `第 ${problem.line} 行第 ${problem.col} 列` : "";
}

function renderPanel(state) {
  list.replaceChildren();
  state.problems.forEach((problem, index) => {
    const item = el("li", problem.level);
    const head = el("div", "head");
    head.append(el("span", "lvl", problem.level_word), " ", el("code", "", problem.code));
    if (problem.line) head.append(" ", el("span", "pos", `${problem.line}:${problem.col}`));
    item.append(head, el("div", "msg", problem.message));
    if (!problem.hooks.length) item.append(el("div", "nowhere", "（报告里没有对应的位置）"));
    item.tabIndex = 0;
    item.addEventListener("click", () => select(index));
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(index);
      }
    });
    list.append(item);
  });
  if (!state.problems.length) list.append(el("li", "none", "没有问题。"));
  document.getElementById("count").textContent = `（${state.problems.length}）`;
  if (selected >= state.problems.length) selected = -1;
  if (selected >= 0) showSource(state.problems[selected]);
  else document.getElementById("source").hidden = true;
}

function showSource(problem) {
  const box = document.getElementById("source");
  if (!problem.line) {
    box.hidden = true;
    return;
  }
  document.getElementById("source-where").textContent = `${current.file} ${where(problem)}：`;
  document.getElementById("source-line").replaceWith(Object.assign(sourceLine(problem.source, problem.col), { id: "source-line" }));
  box.hidden = false;
}

function select(index) {
  selected = index;
  list.querySelectorAll("li").forEach((item, i) => item.classList.toggle("selected", i === index));
  const problem = current.problems[index];
  showSource(problem);
  const doc = frame.contentDocument;
  const node = problem.hooks.length && doc.querySelector(`[data-gj="${problem.hooks[0]}"]`);
  if (!node) return;
  node.scrollIntoView({ block: "center" });
  for (const hook of problem.hooks) {
    const target = doc.querySelector(`[data-gj="${hook}"]`);
    if (!target) continue;
    target.classList.remove("gj-focus");
    void target.offsetWidth;
    target.classList.add("gj-focus");
  }
}

function onPreviewClick(event) {
  const node = event.target.closest && event.target.closest("[data-gj]");
  if (!node || !current) return;
  const index = current.problems.findIndex((p) => p.hooks.includes(node.dataset.gj));
  if (index >= 0) {
    select(index);
    list.children[index].scrollIntoView({ block: "nearest" });
  }
}

function renderBanner(state) {
  const banner = document.getElementById("banner");
  banner.replaceChildren();
  banner.hidden = state.status !== "broken";
  if (banner.hidden) return;
  banner.append(el("div", "msg", state.headline));
  for (const problem of state.problems.filter((p) => p.level === "error").slice(0, 3)) {
    banner.append(el("div", "", `${where(problem)} ${problem.message} [${problem.code}]`));
    if (problem.line) banner.append(sourceLine(problem.source, problem.col));
  }
}

function apply(state) {
  if (state.session !== session) {
    session = state.session; // 服务重启过：版本号从头算，报告整份重新写入
    htmlVersion = -1;
  }
  current = state;
  version = state.version;
  document.getElementById("file").textContent = state.file;
  document.title = `${state.file} - gjjgen 预览`;
  const status = document.getElementById("status");
  status.className = `status ${state.status}`;
  status.textContent = { ok: "可以发布", draft: "草稿", broken: "未更新" }[state.status] || state.status;
  document.getElementById("headline").textContent = state.headline;
  if (state.html && state.html_version !== htmlVersion) {
    replaceReport(state.html, htmlVersion <= 0);
    htmlVersion = state.html_version;
  } else if (!state.html && htmlVersion === -1) {
    replaceReport(PLACEHOLDER, true);
    htmlVersion = 0;
  }
  renderBanner(state);
  renderPanel(state);
  mark(state);
  document.body.dataset.version = String(version);
}

async function poll() {
  for (;;) {
    try {
      const response = await fetch(`/api/state?since=${version}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      document.getElementById("conn").hidden = true;
      if (state.version !== version || state.session !== session) apply(state);
    } catch (error) {
      document.getElementById("conn").hidden = false;
      await sleep(1000);
    }
  }
}

poll();
