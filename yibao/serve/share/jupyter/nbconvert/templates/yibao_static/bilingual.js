/* The notebooks' markdown is bilingual: Chinese first, then English (in italics, or after the last
   Chinese word of a heading or link: "## 家庭共济 · Family sharing"). Mark the Chinese parts
   lang="zh" and the italics and the rest of the line lang="en", so screen readers and fonts treat each language as it is,
   and a test can read the English page without the Chinese. Used by the app's Voila template and
   the static site's template. */
(function () {
  const HAN = /[\u3000-\u303f\u3400-\u9fff\uff01-\uff1f]/; // Han characters and Chinese punctuation
  const LATIN = /[A-Za-z]/;
  const CLOSING = /[\s)）〕》」』”’,，。:：;；!！?？、·—-]/;

  function inItalics(node, root) {
    for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
      if (el.tagName === "EM" || el.tagName === "I") return true;
    }
    return false;
  }

  function mark(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = node.nodeValue;
      if (!HAN.test(text) || inItalics(node, root)) continue;
      let end = 0;
      for (let i = 0; i < text.length; i++) if (HAN.test(text[i])) end = i + 1;
      while (end < text.length && CLOSING.test(text[end]) && !LATIN.test(text[end])) end++;
      const english = LATIN.test(text.slice(end));
      const chinese = document.createElement("span");
      chinese.lang = "zh";
      // "家庭共济 · Family sharing": the separator joins two languages, and a page shows one
      chinese.textContent = english ? text.slice(0, end).replace(/\s*[·—–-]\s*$/, "") : text;
      node.parentNode.insertBefore(chinese, node);
      if (english) {
        // the English after it gets its own lang too: a page shows one language at a time
        const rest = document.createElement("span");
        rest.lang = "en";
        rest.textContent = text.slice(end);
        node.parentNode.insertBefore(rest, node);
      }
      node.remove();
    }
    for (const italic of root.querySelectorAll("em, i")) italic.lang = "en";
  }

  /** True once the parser is past `root`: it, or a box around it, has something after it. */
  function closed(root) {
    for (let el = root; el && el !== document.body; el = el.parentElement) if (el.nextSibling) return true;
    return false;
  }

  function markAll(all) {
    for (const root of document.querySelectorAll(".jp-RenderedMarkdown")) {
      if (!root.dataset.yibaoLanguages && (all === true || closed(root))) {
        root.dataset.yibaoLanguages = "marked";
        mark(root);
      }
    }
  }
  if (document.readyState === "loading") {
    // each piece of text marked as soon as the parser has read it, before the browser first draws it:
    // the language not shown never appears and then disappears (the page would jump)
    const observer = new MutationObserver(markAll);
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", () => {
      observer.disconnect();
      markAll(true);
    });
  } else markAll(true);
})();
