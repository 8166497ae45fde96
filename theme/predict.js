// "Predict the output", answered on the page. Each question's section
// includes a hidden list of choices, generated from the set loom computes
// and the recorded real runs (outputs/predict/NAME.choices.html, written by
// checks/tests/predict_choices.rs):
//
//   <div class="predict-quiz" data-predict="NAME" data-runs="1000" hidden>
//   <ul><li data-possible="true" data-seen="795">main: spawned / …</li> …</ul>
//   </div>
//
// This script turns it into tick boxes and a Check button. After checking,
// each choice says whether the tick was right, whether loom's set holds it,
// and how often the real runs printed it; the folded answer below opens.
// The ticks, and whether they were checked, are kept per page and question
// in localStorage. Without JavaScript the list stays hidden and the folded
// answer is the answer, as before.
(function (root) {
    "use strict";

    const WORDS = {
        en: {
            legend: "Which outputs can this program print? Tick every one you think possible, then check.",
            check: "Check",
            again: "Start again",
            possibleTicked: "Right: loom's set holds it, and you ticked it.",
            possibleMissed: "Missed: loom's set holds it, but you left it out.",
            impossibleTicked: "Wrong: not in loom's set; no execution loom explored prints it.",
            impossibleLeft: "Right: not in loom's set, and you left it out.",
            seen: (n, total) => `printed by ${n} of ${total} real runs`,
            noRuns: "no real runs recorded yet",
            score: (right, total) => `${right} of ${total} right.`,
            allRight: "All right.",
            answer: "The answer below, now open, shows loom's set and the real runs.",
        },
        ko: {
            legend: "이 프로그램이 출력할 수 있는 결과를 모두 고른 뒤 정답을 확인하세요.",
            check: "정답 확인",
            again: "다시 풀기",
            possibleTicked: "맞음: loom이 구한 집합에 있고, 이 출력을 골랐습니다.",
            possibleMissed: "놓침: loom이 구한 집합에 있는데 고르지 않았습니다.",
            impossibleTicked: "틀림: loom이 구한 집합에 없습니다. loom이 탐색한 어느 실행도 이것을 출력하지 않습니다.",
            impossibleLeft: "맞음: loom이 구한 집합에 없고, 고르지 않았습니다.",
            seen: (n, total) => `실제 실행 ${total}번 중 ${n}번 출력`,
            noRuns: "아직 기록한 실제 실행이 없습니다",
            score: (right, total) => `${total}개 중 ${right}개를 맞혔습니다.`,
            allRight: "모두 맞혔습니다.",
            answer: "아래에 펼쳐진 답에서 loom이 구한 집합과 실제 실행 결과를 확인하세요.",
        },
    };

    /** The words of a page in `lang` (English for any other language). */
    function words(lang) {
        return WORDS[lang] ?? WORDS.en;
    }

    /**
     * Grades the ticks: for each choice ({output, possible, seen}), whether
     * it was ticked, whether that was right, and which verdict to show.
     */
    function grade(choices, ticked) {
        const set = new Set(ticked);
        return choices.map((choice) => {
            const isTicked = set.has(choice.output);
            const verdict = choice.possible
                ? (isTicked ? "possibleTicked" : "possibleMissed")
                : (isTicked ? "impossibleTicked" : "impossibleLeft");
            return { ...choice, ticked: isTicked, right: isTicked === choice.possible, verdict };
        });
    }

    /** How many choices were answered right, of how many. */
    function score(graded) {
        return { right: graded.filter((g) => g.right).length, total: graded.length };
    }

    /** The localStorage key of one question on one page. */
    function storageKey(pathname, name) {
        return `notes-predict:${pathname}#${name}`;
    }

    /**
     * Reads a saved answer, keeping only ticks that are still choices (the
     * choices may have been generated again since); null if unreadable.
     */
    function parseSaved(text, choices) {
        let saved;
        try {
            saved = JSON.parse(text);
        } catch {
            return null;
        }
        if (!saved || !Array.isArray(saved.ticked)) {
            return null;
        }
        const outputs = new Set(choices.map((c) => c.output));
        return {
            ticked: saved.ticked.filter((t) => typeof t === "string" && outputs.has(t)),
            checked: saved.checked === true,
        };
    }

    /** The choices a quiz element holds, in its order. */
    function readChoices(quiz) {
        return [...quiz.querySelectorAll("li")].map((li) => ({
            output: li.textContent,
            possible: li.dataset.possible === "true",
            seen: Number(li.dataset.seen) || 0,
        }));
    }

    root.NotesPredict = { words, grade, score, storageKey, parseSaved, readChoices };

    if (typeof document === "undefined") {
        return;
    }

    function load(key) {
        try {
            return localStorage.getItem(key);
        } catch {
            return null; // Storage may be off; the question still works.
        }
    }

    function save(key, value) {
        try {
            if (value === null) {
                localStorage.removeItem(key);
            } else {
                localStorage.setItem(key, JSON.stringify(value));
            }
        } catch {
            // Not remembered, nothing else lost.
        }
    }

    function element(tag, className, text) {
        const e = document.createElement(tag);
        if (className) {
            e.className = className;
        }
        if (text !== undefined) {
            e.textContent = text;
        }
        return e;
    }

    function setUp(quiz, index) {
        const name = quiz.dataset.predict;
        const runs = Number(quiz.dataset.runs) || 0;
        const choices = readChoices(quiz);
        if (!name || choices.length === 0) {
            return;
        }
        const w = words(document.documentElement.lang);
        const key = storageKey(location.pathname, name);
        const answer = quiz.nextElementSibling?.tagName === "DETAILS" ? quiz.nextElementSibling : null;

        const form = element("form", "predict-form");
        const fieldset = element("fieldset");
        fieldset.append(element("legend", null, w.legend));
        const list = element("ul", "predict-choices");
        const rows = choices.map((choice, i) => {
            const id = `predict-${index}-${i}`;
            const li = element("li", "predict-choice");
            const box = element("input");
            box.type = "checkbox";
            box.id = id;
            box.value = choice.output;
            const label = element("label");
            label.htmlFor = id;
            label.append(element("code", null, choice.output));
            const verdict = element("span", "predict-verdict");
            verdict.id = `${id}-verdict`;
            box.setAttribute("aria-describedby", verdict.id);
            const bar = element("span", "predict-bar");
            bar.setAttribute("aria-hidden", "true");
            bar.append(element("span"));
            li.append(box, label, verdict, bar);
            list.append(li);
            return { choice, li, box, verdict, bar };
        });
        fieldset.append(list);
        const check = element("button", "predict-check", w.check);
        check.type = "submit";
        const again = element("button", "predict-again", w.again);
        again.type = "button";
        const status = element("p", "predict-score");
        status.setAttribute("role", "status");
        form.append(fieldset, check, again, status);

        function ticked() {
            return rows.filter((r) => r.box.checked).map((r) => r.choice.output);
        }

        function clearVerdicts() {
            form.classList.remove("is-checked");
            status.textContent = "";
            for (const r of rows) {
                r.li.classList.remove("is-right", "is-wrong", "is-possible");
                r.verdict.textContent = "";
                r.bar.firstChild.style.width = "0";
            }
        }

        function showVerdicts() {
            const graded = grade(choices, ticked());
            form.classList.add("is-checked");
            graded.forEach((g, i) => {
                const r = rows[i];
                r.li.classList.toggle("is-right", g.right);
                r.li.classList.toggle("is-wrong", !g.right);
                r.li.classList.toggle("is-possible", g.possible);
                const mark = g.right ? "✓ " : "✗ ";
                const seen = runs > 0 ? w.seen(g.seen, runs) : w.noRuns;
                r.verdict.textContent = `${mark}${w[g.verdict]} (${seen})`;
                r.bar.firstChild.style.width = runs > 0 ? `${(100 * g.seen) / runs}%` : "0";
            });
            const { right, total } = score(graded);
            status.textContent = `${w.score(right, total)}${right === total ? " " + w.allRight : ""}${answer ? " " + w.answer : ""}`;
            if (answer) {
                answer.open = true;
            }
        }

        form.addEventListener("submit", (event) => {
            event.preventDefault();
            showVerdicts();
            save(key, { ticked: ticked(), checked: true });
        });
        form.addEventListener("change", () => {
            // A tick changed after checking: the verdicts no longer hold.
            clearVerdicts();
            save(key, { ticked: ticked(), checked: false });
        });
        again.addEventListener("click", () => {
            for (const r of rows) {
                r.box.checked = false;
            }
            clearVerdicts();
            save(key, null);
            rows[0].box.focus();
        });

        quiz.replaceChildren(form);
        quiz.hidden = false;
        quiz.classList.add("is-ready");

        const saved = parseSaved(load(key), choices);
        if (saved) {
            for (const r of rows) {
                r.box.checked = saved.ticked.includes(r.choice.output);
            }
            if (saved.checked) {
                showVerdicts();
            }
        }
    }

    document.querySelectorAll(".predict-quiz[data-predict]").forEach(setUp);
})(globalThis);
