// Accessibility fixes to markup that mdBook 0.4.51 makes (its page template
// and book.js), done after load rather than by replacing its whole
// index.hbs, so that an mdBook upgrade brings its own fixes. theme/a11y.css
// has the part CSS can do; site/test/a11y.test.mjs runs axe-core on every
// page. Runs after book.js (additional-js comes after it), once the menu
// bar, the code blocks and their editors exist.
(function accessibility() {
    "use strict";
    const korean = document.documentElement.lang === "ko";

    // The sidebar toggle is a <label> for a hidden checkbox: no role, so its
    // aria-label and the aria-expanded that book.js keeps are not allowed on
    // it, and a keyboard cannot reach it. As a button it can, and Enter or
    // Space toggles the checkbox, whose change book.js already answers.
    const toggle = document.getElementById("sidebar-toggle");
    const checkbox = document.getElementById("sidebar-toggle-anchor");
    if (toggle && checkbox && toggle.tagName === "LABEL") {
        toggle.setAttribute("role", "button");
        toggle.tabIndex = 0;
        toggle.addEventListener("keydown", (event) => {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                checkbox.click();
            }
        });
    }

    // An editable block is an Ace editor, whose text box has no name.
    const editorName = korean ? "Rust 코드 편집기" : "Rust code editor";
    function nameEditors() {
        for (const input of document.querySelectorAll(".ace_editor textarea:not([aria-label])")) {
            input.setAttribute("aria-label", editorName);
        }
    }
    nameEditors();
    window.addEventListener("load", nameEditors);

    // A block that scrolls sideways (a long code line, a wide table or
    // figure) must take the focus, so that a keyboard can scroll it; one
    // that fits stays out of the tab order. Whether it scrolls changes with
    // the window's width, the fonts, and hidden lines shown or not, all of
    // which change its size, so a ResizeObserver asks again. book.js turns
    // the page on ← and → anywhere; in a focused block that scrolls, those
    // keys scroll it instead.
    const candidates = document.querySelectorAll(
        "main pre, main pre > code, main .table-wrapper, main figure");
    function scrolls(element) {
        const style = getComputedStyle(element);
        const sideways = element.scrollWidth > element.clientWidth && /auto|scroll/.test(style.overflowX);
        const down = element.scrollHeight > element.clientHeight && /auto|scroll/.test(style.overflowY);
        return sideways || down;
    }
    function keepArrows(event) {
        const arrow = event.key === "ArrowLeft" || event.key === "ArrowRight";
        if (arrow && event.target === event.currentTarget && "scrollFocus" in event.currentTarget.dataset) {
            event.stopPropagation(); // from book.js's listener on the document; the block scrolls
        }
    }
    function update(element) {
        if (scrolls(element)) {
            if (!element.hasAttribute("tabindex")) {
                element.tabIndex = 0;
                element.dataset.scrollFocus = "";
                element.addEventListener("keydown", keepArrows);
            }
        } else if ("scrollFocus" in element.dataset) {
            element.removeAttribute("tabindex");
            delete element.dataset.scrollFocus;
        }
    }
    if (candidates.length > 0 && "ResizeObserver" in window) {
        const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)));
        candidates.forEach((element) => observer.observe(element));
        document.fonts?.ready.then(() => candidates.forEach(update));
    }

    // mdBook names its own controls in English (its page template and
    // book.js), on Korean pages too: a screen reader would read "Next
    // chapter" on a Korean page. Names that book.js sets later (a block's
    // buttons, "Hide lines" after a toggle, "Copied!") are caught as they
    // appear. A name not in the list stays as it is.
    if (korean) {
        const KOREAN = new Map([
            ["Toggle Table of Contents", "목차 보이기/숨기기"],
            ["Table of contents", "목차"],
            ["Change theme", "테마 바꾸기"],
            ["Themes", "테마"],
            ["Print this book", "이 책 인쇄하기"],
            ["Git repository", "Git 저장소"],
            ["Suggest an edit", "수정 제안하기"],
            ["Previous chapter", "이전 장"],
            ["Next chapter", "다음 장"],
            ["Page navigation", "페이지 이동"],
            ["Copy to clipboard", "클립보드에 복사하기"],
            ["Copied!", "복사했습니다"],
            ["Clipboard error!", "복사하지 못했습니다"],
            ["Show hidden lines", "숨긴 줄 보이기"],
            ["Hide lines", "줄 숨기기"],
            ["Run this code", "이 코드 실행하기"],
            ["Undo changes", "바꾼 내용 되돌리기"],
        ]);
        const NAMES = ["title", "aria-label"];
        const translate = (element) => {
            for (const name of NAMES) {
                const words = KOREAN.get(element.getAttribute(name));
                if (words) element.setAttribute(name, words);
            }
        };
        const translateAll = (root) => root.querySelectorAll("[title], [aria-label]").forEach(translate);
        translateAll(document);
        new MutationObserver((records) => {
            for (const record of records) {
                if (record.type === "attributes") {
                    translate(record.target);
                    continue;
                }
                for (const node of record.addedNodes) {
                    if (node.nodeType === Node.ELEMENT_NODE) {
                        translate(node);
                        translateAll(node);
                    } else if (node.nodeType === Node.TEXT_NODE && KOREAN.has(node.data)) {
                        node.data = KOREAN.get(node.data); // the copy button's tooltip
                    }
                }
            }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: NAMES });
    }
})();
