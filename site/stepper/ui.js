// The stepper on a page: every element with `data-level="ID"` becomes a
// level the reader plays as the scheduler. theme/stepper-loader.js loads this
// module only on pages that have one; tools/book copies site/stepper/ and
// site/levels/*.json to stepper/ at the site's root.
//
// The element holds the example's own lines (a code block that includes the
// anchored region, which is also what a reader without JavaScript sees); each
// step of the level names its line, and the code each thread shows comes
// from that block, not from the level's file.
//
// Testing contract: the root keeps `data-level`; each thread's step button
// has `data-thread="NAME"`; when the level ends the root gets
// `data-outcome="goal"` or `"no-goal"`.
import * as engine from "./engine.js";

const base = new URL(".", import.meta.url);

const WORDS = {
    en: {
        label: "Be the scheduler",
        goal: "Goal",
        solved: "solved",
        ready: "ready to run the marked line",
        finished: "finished",
        lock: "waits for {what}",
        notify: "waits on {what} until someone notifies it",
        full: "waits for room in the {what}",
        empty: "waits for a message in the {what}",
        woken: "woken; takes {what} back next",
        undo: "Undo",
        reset: "Reset",
        log: "Log",
        noSteps: "(no steps yet)",
        state: "Shared state",
        threads: "Threads",
        free: "free",
        heldBy: "held by {who}",
        waiters: "waiting: {who}",
        nobody: "nobody waiting",
        items: "{items} ({n} of {cap})",
        closed: "all senders gone",
        skipped: "left out in this level",
        ended: "The level has ended: {end}.",
        goalNow: "Goal reached.",
        undone: "Undid {who}'s step.",
        resetDone: "Back to the start.",
        moved: "{who} moved.",
        keys: "Keys: 1 to {n} step a thread, U undoes.",
        broken: "This level's steps do not match the code above; the page needs fixing.",
    },
    ko: {
        label: "스케줄러가 되어 보기",
        goal: "목표",
        solved: "풀었음",
        ready: "표시된 줄을 실행할 수 있습니다",
        finished: "끝났습니다",
        lock: "{what}{을} 기다립니다",
        notify: "{what}에 알림이 오기를 기다립니다",
        full: "{what}에 빈자리가 나기를 기다립니다",
        empty: "{what}에 메시지가 오기를 기다립니다",
        woken: "깨어났습니다. 다음에 {what}{을} 다시 잡습니다",
        undo: "되돌리기",
        reset: "처음으로",
        log: "로그",
        noSteps: "(아직 실행한 단계가 없습니다)",
        state: "공유 상태",
        threads: "스레드",
        free: "풀림",
        heldBy: "쥔 스레드: {who}",
        waiters: "기다리는 스레드: {who}",
        nobody: "기다리는 스레드 없음",
        items: "{items} ({cap}칸 중 {n}칸)",
        closed: "보내는 쪽이 모두 버려짐",
        skipped: "이 레벨에서는 빠진 줄",
        ended: "레벨이 끝났습니다: {end}.",
        goalNow: "목표를 이뤘습니다.",
        undone: "{who} 스레드의 단계를 되돌렸습니다.",
        resetDone: "처음으로 돌아갔습니다.",
        moved: "{who} 스레드가 한 단계를 실행했습니다.",
        keys: "키: 스레드 실행은 1~{n}, 되돌리기는 U.",
        broken: "이 레벨의 단계가 위 코드와 맞지 않습니다. 페이지를 고쳐야 합니다.",
    },
};

/**
 * Fills `{name}` from `values`. In Korean, `{을}` and `{이}` right after a
 * value become the particle its last sound needs (을/를, 이/가).
 */
export function say(template, values) {
    return template.replace(/\{(\w+)\}(\{(을|이)\})?/g, (_, name, _p, particle) => {
        const text = String(values[name] ?? `{${name}}`);
        if (!particle) return text;
        const closed = hasFinalConsonant(text);
        return text + (particle === "을" ? (closed ? "을" : "를") : closed ? "이" : "가");
    });
}

/** Whether a word ends in a consonant sound (받침), which picks 을 over 를 and 이 over 가. */
function hasFinalConsonant(word) {
    const last = word.trim().slice(-1);
    const code = last.charCodeAt(0);
    if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
    // Digits read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구.
    if (/[0-9]/.test(last)) return "0136789".includes(last);
    // Latin letters and the like, read out in English: ends in a consonant sound unless a vowel letter.
    return !/[aeiouyw]/i.test(last);
}

function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else node.setAttribute(k, v);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
}

function storageKey(id) {
    return `notes-stepper:${id}`;
}

function loadProgress(id) {
    try {
        const saved = JSON.parse(localStorage.getItem(storageKey(id)) ?? "null");
        if (saved && Array.isArray(saved.moves) && saved.moves.every(Number.isInteger)) return saved;
    } catch {
        // No storage (private mode, a file: page) or a broken entry: start afresh.
    }
    return { moves: [], solved: false };
}

function saveProgress(id, progress) {
    try {
        localStorage.setItem(storageKey(id), JSON.stringify(progress));
    } catch {
        // Progress is a convenience; without storage the level still works.
    }
}

let counter = 0;

/** Builds level `data` inside `root`, which holds the code block with the example's lines. */
export function mount(root, data) {
    const lang = (document.documentElement.lang || "en").startsWith("ko") ? "ko" : "en";
    const w = WORDS[lang];
    const level = engine.prepare(data);
    const words = level.words[lang];
    const name = (thing) => level.names?.[thing]?.[lang] ?? thing;
    const fallback = root.querySelector("pre");
    const region = (fallback?.textContent ?? "").replace(/\n$/, "").split("\n");
    const where = engine.locate(level, region);
    if (where.missing.length > 0) {
        root.append(el("p", { class: "stepper-broken", text: w.broken }));
        return null;
    }
    const uid = `stepper-${level.id}-${++counter}`;
    const n = level.threads.length;
    const summary = engine.enumerate(level);
    const impossible = level.goal.impossible === true;

    // --- Static parts ---
    const ui = el("div", { class: "stepper-ui", role: "group", "aria-labelledby": `${uid}-title` });
    const title = el("p", { class: "stepper-title", id: `${uid}-title` }, el("strong", { text: `${w.label}: ${words.title}` }));
    const solvedMark = el("span", { class: "stepper-solved" });
    title.append(solvedMark);
    ui.append(title, el("p", { class: "stepper-intro", text: words.intro ?? "" }));
    ui.append(el("p", { class: "stepper-goal" }, el("strong", { text: `${w.goal}: ` }), words.goal));
    if (impossible) {
        const ends = summary.ends.join(", ");
        ui.append(el("p", { class: "stepper-proof", text: say(words.impossible, { schedules: summary.schedules, ends }) }));
    }

    const threadsBox = el("div", { class: "stepper-threads", role: "group", "aria-label": w.threads });
    const cards = level.threads.map((thread, t) => {
        const lines = where.programs[thread.program];
        // The lines this level leaves out, where they belong to this thread's code.
        const skips = where.skipped.filter((_, k) => !level.skip[k].program || level.skip[k].program === thread.program);
        let from = Math.min(...lines);
        let to = Math.max(...lines);
        for (const s of skips) {
            if (s >= from - 6 && s < from) from = s;
            if (s > to && s <= to + 6) to = s;
        }
        // One line before, for context (after the last step, the region may already be another function).
        from = Math.max(0, from - 1);
        const code = el("code");
        const lineNodes = new Map();
        // Shown without the indentation the lines share.
        const indent = Math.min(...lines.map((i) => region[i].match(/^ */)[0].length));
        for (let i = from; i <= to; i++) {
            const skip = skips.indexOf(i);
            const text = region[i].slice(Math.min(indent, region[i].match(/^ */)[0].length));
            const line = el("span", { class: "stepper-line" });
            line.append(el("span", { class: "stepper-mark", "aria-hidden": "true", text: " " }));
            if (skip >= 0) line.append(el("span", { class: "stepper-skip", text }), el("span", { class: "stepper-skip-note", text: `  // ${w.skipped}` }));
            else line.append(text || " ");
            code.append(line, "\n");
            lineNodes.set(i, line);
        }
        const status = el("p", { class: "stepper-status", id: `${uid}-status-${t}` });
        const locals = el("p", { class: "stepper-locals" });
        const button = el(
            "button",
            { type: "button", class: "stepper-step", "data-thread": thread.name, "aria-keyshortcuts": String(t + 1), "aria-describedby": status.id },
            el("kbd", { text: String(t + 1) }),
            ` ${thread.name}`,
        );
        const card = el("section", { class: "stepper-thread", "aria-label": thread.name }, button, status, locals, el("pre", { class: "stepper-code" }, code));
        threadsBox.append(card);
        return { button, status, locals, lineNodes, from };
    });
    ui.append(threadsBox);

    const skipNotes = (level.skip ?? []).map((s) => el("li", {}, el("code", { text: s.line }), `: ${s[lang]}`));
    if (skipNotes.length > 0) ui.append(el("ul", { class: "stepper-skips" }, ...skipNotes));

    const stateBox = el("dl", { class: "stepper-state", "aria-label": w.state });
    const undo = el("button", { type: "button", class: "stepper-undo", "aria-keyshortcuts": "U" }, w.undo);
    const reset = el("button", { type: "button", class: "stepper-reset" }, w.reset);
    const controls = el("div", { class: "stepper-controls" }, undo, reset, el("span", { class: "stepper-keys", text: say(w.keys, { n }) }));
    const logCode = el("code");
    const log = el("div", { class: "stepper-log" }, el("p", {}, el("strong", { text: w.log })), el("pre", {}, logCode));
    const outcome = el("p", { class: "stepper-outcome" });
    const live = el("p", { class: "stepper-live", "aria-live": "polite", role: "status" });
    ui.append(el("p", { class: "stepper-state-title" }, el("strong", { text: w.state })), stateBox, controls, outcome, log, live);
    root.append(ui);
    fallback.hidden = true;
    root.classList.add("stepper-ready");

    // --- The game ---
    let progress = loadProgress(level.id);
    let history = []; // [{state, logs, who}]
    let state = engine.initial(level);
    for (const t of progress.moves) {
        if (!engine.runnable(level, state).includes(t)) break;
        const r = engine.step(level, state, t);
        history.push({ state, logs: r.logs, who: t });
        state = r.state;
    }

    const reason = (t) => {
        const why = engine.blocked(level, state, t);
        if (!why) return null;
        const th = state.threads[t];
        if (why.kind === "done") return w.finished;
        if (why.kind === "lock" && th.status === "woken") return say(w.woken, { what: name(why.lock) });
        const what = name(why.lock ?? why.condvar ?? why.queue);
        return say(w[why.kind], { what });
    };

    const render = () => {
        const ended = engine.isEnd(level, state);
        cards.forEach((card, t) => {
            const th = state.threads[t];
            const why = reason(t);
            card.button.disabled = why !== null;
            for (const node of card.lineNodes.values()) {
                node.classList.remove("stepper-current");
                node.removeAttribute("aria-current");
                node.firstChild.textContent = " ";
            }
            if (th.status !== "done") {
                const i = where.programs[level.threads[t].program][th.pc];
                const node = card.lineNodes.get(i);
                node.classList.add("stepper-current");
                node.setAttribute("aria-current", "step");
                node.firstChild.textContent = "▶";
                card.status.textContent = why ?? w.ready;
            } else card.status.textContent = why;
            card.status.classList.toggle("stepper-blocked", why !== null && th.status !== "done");
            const vars = Object.entries(th.locals).map(([k, v]) => `${k} = ${v}`);
            card.locals.textContent = vars.join(", ");
        });
        stateBox.replaceChildren();
        const row = (term, value) => stateBox.append(el("dt", { text: term }), el("dd", { text: value }));
        for (const [v, value] of Object.entries(state.vars)) row(name(v) === v ? v : `${name(v)}`, String(value));
        for (const [l, holder] of Object.entries(state.locks)) {
            row(name(l), holder === null ? w.free : say(w.heldBy, { who: level.threads[holder].name }));
        }
        for (const [q, queue] of Object.entries(state.queues)) {
            const items = `[${queue.items.join(", ")}]`;
            let text = queue.capacity === null ? items : say(w.items, { items, n: queue.items.length, cap: queue.capacity });
            if (level.state.queues[q].senders && queue.senders === 0) text += `; ${w.closed}`;
            row(name(q), text);
        }
        for (const [c, waiters] of Object.entries(state.condvars)) {
            row(name(c), waiters.length === 0 ? w.nobody : say(w.waiters, { who: waiters.map((t) => level.threads[t].name).join(", ") }));
        }
        const lines = history.flatMap((h) => h.logs);
        logCode.textContent = lines.length > 0 ? lines.join("\n") : w.noSteps;
        undo.disabled = history.length === 0;
        reset.disabled = history.length === 0;
        solvedMark.textContent = progress.solved ? ` ✓ ${w.solved}` : "";
        if (ended) {
            root.dataset.outcome = state.goal ? "goal" : "no-goal";
            outcome.textContent = `${say(w.ended, { end: engine.endString(level, state) })} ${state.goal ? words.won : words.lost}`;
        } else {
            delete root.dataset.outcome;
            outcome.textContent = state.goal ? w.goalNow : "";
        }
        outcome.classList.toggle("stepper-won", ended && state.goal);
    };

    const save = () => {
        progress = { moves: history.map((h) => h.who), solved: progress.solved || (engine.isEnd(level, state) && state.goal) };
        saveProgress(level.id, progress);
    };

    const run = (t) => {
        if (!engine.runnable(level, state).includes(t)) return;
        const r = engine.step(level, state, t);
        history.push({ state, logs: r.logs, who: t });
        const reached = !state.goal && r.state.goal;
        state = r.state;
        save();
        render();
        const who = level.threads[t].name;
        let news = r.logs.length > 0 ? r.logs.join(". ") : say(w.moved, { who });
        if (engine.isEnd(level, state)) news += ` ${outcome.textContent}`;
        else if (reached) news += ` ${w.goalNow}`;
        live.textContent = news;
        // A button that just became disabled drops the focus; keep it in the level.
        if (cards[t].button.disabled) {
            const next = cards.find((c) => !c.button.disabled);
            (next ? next.button : undo).focus();
        }
    };

    const back = () => {
        const last = history.pop();
        if (!last) return;
        state = last.state;
        save();
        render();
        live.textContent = say(w.undone, { who: level.threads[last.who].name });
    };

    cards.forEach((card, t) => card.button.addEventListener("click", () => run(t)));
    undo.addEventListener("click", () => {
        back();
        if (undo.disabled) cards.find((c) => !c.button.disabled)?.button.focus();
    });
    reset.addEventListener("click", () => {
        history = [];
        state = engine.initial(level);
        save();
        render();
        live.textContent = w.resetDone;
        cards[0].button.focus();
    });
    root.addEventListener("keydown", (event) => {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        const digit = Number.parseInt(event.key, 10);
        if (digit >= 1 && digit <= n) {
            run(digit - 1);
            event.preventDefault();
        } else if (event.key === "u" || event.key === "U") {
            back();
            event.preventDefault();
        }
    });
    render();
    return { level, get state() { return state; } };
}

async function start() {
    const roots = [...document.querySelectorAll("[data-level]")];
    if (roots.length === 0) return;
    const css = el("link", { rel: "stylesheet", href: new URL("stepper.css", base).href });
    document.head.append(css);
    for (const root of roots) {
        try {
            const response = await fetch(new URL(`levels/${root.dataset.level}.json`, base));
            if (!response.ok) throw new Error(`${response.status}`);
            mount(root, await response.json());
        } catch (error) {
            // The code block stays as it is; the page is still readable.
            console.warn(`stepper: level ${root.dataset.level} not loaded (${error.message})`);
        }
    }
}

if (typeof document !== "undefined") start();
