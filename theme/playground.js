// The Run buttons without a network. mdBook's book.js asks the Rust
// Playground (play.rust-lang.org) for its crate list when a page with a Run
// button loads, and posts a block's code there when Run is clicked. When the
// Playground cannot be reached, book.js answers Run with "Playground
// Communication: Failed to fetch". This script says instead, in the page's
// language, that running needs the Playground (on the button and in the
// result); theme/head.hbs keeps the failed crate-list request out of the
// console. Neither sends anything itself.
(function playgroundOffline() {
    "use strict";

    const blocks = Array.from(document.querySelectorAll("pre.playground"));
    if (blocks.length === 0) {
        return;
    }
    const korean = (document.documentElement.lang || "").startsWith("ko");
    const words = korean
        ? {
            title: "Rust 플레이그라운드에서 실행 (지금은 연결할 수 없음)",
            folded: "// 이 책의 notes 로거 (src/lib.rs). 플레이그라운드에서 실행하려고 함께 보냅니다.",
            running: "실행 중…",
            noOutput: "출력 없음",
            offline: "이 프로그램을 실행하려면 Rust 플레이그라운드(play.rust-lang.org)에 연결되어야 하는데, "
                + "지금은 연결할 수 없습니다. 연결을 확인하고 다시 누르거나, 저장소를 내려받아 cargo로 실행하세요.",
        }
        : {
            title: "Run this code on the Rust Playground (it cannot be reached now)",
            folded: "// This book's notes logger (src/lib.rs), sent along to run on the Playground.",
            running: "Running…",
            noOutput: "No output",
            offline: "Running this program needs the Rust Playground (play.rust-lang.org), "
                + "which cannot be reached now. Check the connection and press Run again, "
                + "or get the repository and run it with cargo.",
        };

    // What book.js writes into a block's result, and what this script writes instead.
    const replacements = [
        [/^Playground Communication: /, words.offline, "result-offline"],
        [/^Running\.\.\.$/, words.running, null],
        [/^No output$/, words.noOutput, null],
    ];

    function translate(result) {
        const text = result.textContent;
        if (replacements.some(([, replacement]) => text === replacement)) {
            return; // translated already
        }
        for (const [pattern, replacement, mark] of replacements) {
            if (pattern.test(text)) {
                result.textContent = replacement;
                result.classList.toggle("result-offline", mark !== null);
                result.setAttribute("role", "status");
                return;
            }
        }
        result.classList.remove("result-offline"); // a program's output
    }

    const observer = new MutationObserver(() => {
        for (const result of document.querySelectorAll("pre.playground > code.result")) {
            // Setting the text fires the observer again; a translated text matches no pattern.
            translate(result);
        }
    });
    for (const block of blocks) {
        observer.observe(block, { childList: true, subtree: true, characterData: true });
    }

    // An editable block is an editor (Ace) that shows every line, hidden ones
    // too. Fold the notes module the program carries for the Playground
    // (tools/playground/notes.rs) into one line; the code sent is the same.
    const Range = window.ace?.require("ace/range")?.Range;
    for (const editor of Range ? window.editors ?? [] : []) {
        const session = editor.getSession();
        const lines = session.getDocument().getAllLines();
        const start = lines.findIndex((line) => line.startsWith("// Generated from src/lib.rs"));
        if (start >= 0) {
            const end = lines.length - 1;
            session.addFold(words.folded, new Range(start, 0, end, lines[end].length));
        }
    }

    // theme/head.hbs sees book.js's request for the crate list fail (it may
    // have failed already) and says so.
    function playgroundUnreachable() {
        for (const button of document.querySelectorAll("pre.playground .play-button")) {
            button.hidden = false;
            button.classList.remove("hidden");
            button.title = words.title;
            button.setAttribute("aria-label", words.title);
        }
    }
    if (document.documentElement.dataset.playground === "unreachable") {
        playgroundUnreachable();
    }
    document.addEventListener("playground-unreachable", playgroundUnreachable);
})();
